"""Autorizaciones Médicas in a real browser against the real local stack (issue 24, seed 003 §4.2.2–§4.2.3): the demo
cotizante follows his requests (each state, one payable, the copy of a delivered one downloaded as a PDF), filters
by month and by No. Presolicitud, looks at his daughter's, and at MIPRES for himself and for a son with none.

Every screen reached goes through `visit` (axe-core: no serious/critical violation; desktop and phone screenshots
named `afiliados-autorizaciones-*`), and at 390 px no screen scrolls sideways (the table scrolls in its own box)."""

from __future__ import annotations

from playwright.sync_api import expect

from chalicelib.affiliates import demo as affiliates
from chalicelib.authorizations import demo as authorizations
from chalicelib.authorizations.service import NO_MIPRES
from chalicelib.common import clock
from devstack import demo
from tests.browser.conftest import PHONE, open_portal, visit

STATUS = "/afiliados/autorizaciones/estado"


def affiliate_login(page, base: str) -> None:
    person = affiliates.COTIZANTE
    open_portal(page, base, "/afiliados/ingresar")
    page.get_by_label("Tipo de documento").select_option(person.doc_type)
    page.get_by_label("Número de documento").fill(person.doc_number)
    page.get_by_label("Contraseña").fill(demo.DEMO_AFFILIATE["contrasena"])
    page.get_by_role("button", name="Ingresar").click()
    expect(page.get_by_role("heading", name="DATOS PERSONALES")).to_be_visible()


def no_sideways_scroll(page, screen: str) -> None:
    page.set_viewport_size(PHONE)
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= PHONE["width"], f"{screen}: the page scrolls sideways at 390 px ({wide} px)"
    page.set_viewport_size({"width": 1280, "height": 800})


def rows(page):
    return page.get_by_role("region", name="Estados de las solicitudes", exact=True).locator("tbody tr")


def test_the_cotizante_follows_his_requests_and_his_mipres(stack, new_page):
    base, _ = stack
    page = new_page()
    affiliate_login(page, base)
    page.goto(f"{base}/portal/#{STATUS}")
    expect(page.get_by_role("heading", name="CONSULTAR ESTADO DE MI SOLICITUD MÉDICA")).to_be_visible()
    tabs = page.get_by_role("navigation", name="Autorizaciones")
    for tab in ("Registrar mi Solicitud", "Consultar Estado de mi Solicitud", "Consultar Estado de mi Solicitud MIPRES",
                "Histórico C. Moderadoras y Copagos"):
        expect(tabs.get_by_role("link", name=tab, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="DATOS BÁSICOS DEL AFILIADO")).to_be_visible()
    expect(page.locator("main")).to_contain_text(affiliates.COTIZANTE.doc_number)
    region = page.get_by_role("region", name="Estados de las solicitudes", exact=True)
    for header in ("No. Presolicitud", "No. Autorización", "Prestación", "Estado", "Proveedor que atiende",
                   "F. Vencimiento", "Valor Cuota", "Observaciones", "Acciones"):
        expect(region.get_by_role("columnheader", name=header, exact=True)).to_be_visible()
    mine = [r for r in authorizations.ops_rows(clock.now().date()) if r["Tipo documento"] == "CC"]
    expect(rows(page)).to_have_count(len(mine))
    for state in ("AUTORIZADA", "EN PROCESO", "ENTREGADA", "NEGADA", "ANULADA", "VENCIDA"):
        expect(region.get_by_text(state, exact=True).first).to_be_visible()
    payable = mine[0]
    pay = region.get_by_role("link", name="Pagar")
    expect(pay).to_have_count(1)
    assert pay.get_attribute("href").endswith(f"/pagar/{payable['No. Autorización']}")
    expect(region.get_by_role("button", name="Copia")).to_have_count(2)
    expect(region).to_contain_text("$ 22.798")
    visit(page, "afiliados-autorizaciones-estado")
    no_sideways_scroll(page, "estado")

    delivered = next(r for r in mine if r["Estado"] == "ENTREGADA")
    with page.expect_download() as download:
        region.get_by_role("button", name=f"Copia de la autorización {delivered['No. Autorización']}").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert download.value.suggested_filename.startswith("copia-ops-")
    expect(page.get_by_role("status").filter(has_text="Copia descargada")).to_be_visible()

    # Filtro por meses: this month only; then a presolicitud number.
    this_month = [r for r in mine if r["Fecha"][:7] == clock.now().date().isoformat()[:7]]
    page.get_by_label("Filtro por meses").select_option(clock.now().date().isoformat()[:7])
    page.get_by_role("button", name="Consultar").click()
    expect(rows(page)).to_have_count(len(this_month))
    carried = next(r for r in mine if r["No. Presolicitud"])
    page.get_by_label("Filtro por meses").select_option("")
    page.get_by_label("No. Presolicitud").fill(carried["No. Presolicitud"])
    page.get_by_role("button", name="Consultar").click()
    expect(rows(page)).to_have_count(1)
    expect(rows(page).first).to_contain_text(carried["No. Autorización"])

    # The daughter's requests, chosen in AFILIADO.
    page.get_by_label("AFILIADO", exact=True).select_option(label=f"{affiliates.MENOR_1.primer_nombre} GÓMEZ TORRES")
    expect(page.locator("main")).to_contain_text(affiliates.MENOR_1.doc_number)
    hers = [r for r in authorizations.ops_rows(clock.now().date()) if r["Tipo documento"] == "TI"]
    expect(rows(page)).to_have_count(len(hers) + 1)  # and the presolicitud she has pending in the portal (demo)
    expect(rows(page).filter(has_text="RADICADA")).to_have_count(1)
    visit(page, "afiliados-autorizaciones-estado-menor")

    tabs.get_by_role("link", name="Consultar Estado de mi Solicitud MIPRES").click()
    expect(page.get_by_role("heading", name="CONSULTAR ESTADO DE MI SOLICITUD MIPRES")).to_be_visible()
    mipres = page.get_by_role("region", name="Estados de las solicitudes MIPRES", exact=True)
    for header in ("Servicio", "Estado", "Prestador asignado", "No. Autorización", "Vencimiento", "Valor cuota"):
        expect(mipres.get_by_role("columnheader", name=header, exact=True)).to_be_visible()
    expect(mipres).to_contain_text("DORZOLAMIDA SOLUCION OFTALMICA")
    visit(page, "afiliados-autorizaciones-mipres")
    no_sideways_scroll(page, "mipres")
    page.get_by_label("AFILIADO", exact=True).select_option(label=f"{affiliates.MENOR_2.primer_nombre} GÓMEZ TORRES")
    expect(page.get_by_role("status").filter(has_text=NO_MIPRES)).to_be_visible()
    visit(page, "afiliados-autorizaciones-mipres-vacio")
    assert page.errors == []
