"""A copay paid through the local simulator's page and back (seed 003 lines 783–798), and the history
(§4.2.4) with the demo's approved and rejected portal payments and the office copays: every screen checked with
axe-core and photographed at two widths."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from chalicelib.affiliates import demo as affiliates
from chalicelib.online_payments import demo as payments
from devstack import demo
from tests.browser.conftest import PHONE, visit
from tests.browser.test_affiliates import affiliate_login

COPAY = payments.DEMO_REJECTED  # the demo cotizante's OPS whose first payment the bank declined: payable again
LISTING = "Pagos de cuotas moderadoras y copagos"


def no_sideways_scroll(page, screen: str) -> None:
    page.set_viewport_size(PHONE)
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= PHONE["width"], f"{screen}: the page scrolls sideways at 390 px ({wide} px)"
    page.set_viewport_size({"width": 1280, "height": 800})


def test_pay_a_copay_through_the_simulator_and_back(stack, new_page):
    base, _ = stack
    cotizante = affiliates.COTIZANTE
    page = new_page()
    affiliate_login(page, base, cotizante.doc_type, cotizante.doc_number, demo.DEMO_AFFILIATE["contrasena"])
    expect(page.get_by_role("heading", name="DATOS PERSONALES")).to_be_visible()

    page.goto(f"{base}/portal/#/afiliados/autorizaciones/pagos")
    expect(page.get_by_role("heading", name="LISTADO DE PAGOS CUOTAS MODERADORAS Y COPAGOS")).to_be_visible()
    listing = page.get_by_role("region", name=LISTING)
    expect(listing).to_contain_text(payments.DEMO_REJECTED)
    for header in ("Recibo de Pago", "N. Autorización", "Identificación", "Valor", "Concepto", "Fecha", "Estado",
                   "Observaciones"):
        expect(listing.get_by_role("columnheader", name=header, exact=True)).to_be_visible()
    expect(listing.get_by_role("row").filter(has_text=payments.DEMO_REJECTED)).to_contain_text("Rechazado")
    expect(page.get_by_text(re.compile(r"Mostrando \d+ de \d+ Registros"))).to_be_visible()
    visit(page, "afiliados-pagos-historico")
    no_sideways_scroll(page, "pagos-historico")

    page.goto(f"{base}/portal/#/afiliados/autorizaciones/pagos/pagar/{COPAY}")
    expect(page.get_by_role("heading", name="Pago en línea")).to_be_visible()
    visit(page, "afiliados-pagos-pagar")
    page.get_by_role("button", name="Ir a pagar").click()

    # The gateway's page (the simulator, served by the local API): the method and the bank's answer; no card data.
    page.wait_for_url(re.compile(r".*/simulador-pagos/[0-9a-f]{32}/[\w.-]+$"))
    expect(page.get_by_role("heading", name="Pago en línea")).to_be_visible()
    expect(page.get_by_label("Cuentas débito ahorro y corriente (PSE)")).to_be_visible()
    assert page.locator("input[type=text], input[type=number], input[type=tel]").count() == 0
    visit(page, "simulador-pagos")
    page.get_by_label("Tarjeta de Crédito").check()
    page.get_by_label("Aprobar el pago").check()
    page.get_by_role("button", name="Pagar").click()

    expect(page.get_by_role("heading", name="Resultado del pago")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Su pago fue aprobado")).to_be_visible()
    expect(page.locator("main")).to_contain_text(COPAY)
    visit(page, "afiliados-pagos-resultado")
    no_sideways_scroll(page, "pagos-resultado")

    page.get_by_role("button", name="Ver histórico de pagos").click()
    rows = page.get_by_role("region", name=LISTING).get_by_role("row").filter(has_text=COPAY)
    expect(rows.filter(has_text="Aprobado")).to_have_count(1)
    expect(rows.filter(has_text="Rechazado")).to_have_count(1)
    assert page.errors == []
