"""Pagos y Facturas de Venta and Incapacidades in Chromium (`make run`'s stack, its demo data): the demo cotizante
— an independiente — downloads his PAC invoice (its GS1-128 read back from the saved file), generates his payment
history after a range the API refuses, and finds his incapacidades. Every screen: axe-core and screenshots at
desktop and phone widths, no sideways scroll at 390 px."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from chalicelib.affiliate_finance import demo as finance_demo
from chalicelib.affiliates import demo as affiliates
from devstack import demo
from tests.affiliate_finance.reading import body_text
from tests.browser.test_affiliates import affiliate_login, check
from tests.pdf_reading import pdf_codes


def saved(download, tmp_path: Path) -> bytes:
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    return target.read_bytes()


def test_the_cotizante_downloads_his_pac_invoice_his_history_and_finds_his_incapacidades(stack, new_page, tmp_path):
    base, _ = stack
    cotizante = affiliates.COTIZANTE
    page = new_page()
    affiliate_login(page, base, cotizante.doc_type, cotizante.doc_number, demo.DEMO_AFFILIATE["contrasena"])
    page.get_by_role("navigation", name="Menú principal").get_by_role("link", name="Pagos y Facturas de Venta").click()

    expect(page.get_by_role("heading", name="LIQUIDAR Y PAGAR TU SEGURIDAD SOCIAL")).to_be_visible()
    expect(page.get_by_role("link", name="Pagar aquí en ASOPAGOS S.A.S (se abre en otra pestaña)")).to_be_visible()
    expect(page.get_by_role("heading", name="DESCARGAR Y PAGAR EN LÍNEA TU PLAN COMPLEMENTARIO (PAC)")).to_be_visible()
    expect(page.get_by_text("convenio 1957")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Descarga aquí tu Factura PAC").click()
    assert download.value.suggested_filename.startswith("factura-pac-")
    [barcode] = [c for c in pdf_codes(saved(download.value, tmp_path)) if c.format == "Code128"]
    assert f"(3900){finance_demo.PAC_FEE}(96)" in barcode.text and "(8020)FPAC" in barcode.text
    expect(page.get_by_role("status").filter(has_text="Se descargó factura-pac-")).to_be_visible()
    check(page, "factura-pac")

    tabs = page.get_by_role("navigation", name="Pagos y Facturas de Venta")
    tabs.get_by_role("link", name="Historial de Pagos").click()
    expect(page.get_by_role("heading", name="MI HISTORIAL DE PAGOS")).to_be_visible()
    hasta = page.get_by_label("Hasta").input_value()
    page.get_by_label("Desde").fill("2099-01")
    page.get_by_role("button", name="Generar PDF").click()
    expect(page.locator("[data-campo=desde] .field-error")).to_have_text('"Desde" no puede ser posterior a "Hasta"')
    expect(page.get_by_label("Hasta")).to_have_value(hasta)  # the other filter kept
    page.get_by_label("Desde").fill(f"{int(hasta[:4]) - 1}{hasta[4:]}")
    with page.expect_download() as download:
        page.get_by_role("button", name="Generar PDF").click()
    assert "Total $" in body_text(saved(download.value, tmp_path))
    check(page, "historial-pagos")

    page.get_by_role("navigation", name="Menú principal").get_by_role("link", name="Incapacidades y Licencias").click()
    page.get_by_text("Ver instructivo").click()
    page.get_by_role("button", name="Buscar").click()
    results = page.get_by_role("region", name="RESULTADO DE LA CONSULTA")
    expect(results.locator("tbody tr")).to_have_count(len(finance_demo.INCAPACIDAD_STATES))
    expect(results.get_by_role("button", name="Certificado")).to_have_count(4)
    with page.expect_download() as download:
        page.get_by_role("button", name="Descargar histórico AFP").click()
    assert "INFORME PRESTACIONES ECONÓMICAS" in body_text(saved(download.value, tmp_path))
    check(page, "incapacidades")
    assert not page.errors
