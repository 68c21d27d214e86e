"""Certificados en línea in a real browser against the real local stack (issue 25): the demo cotizante generates
his adult son's affiliation certificate (the PDF downloaded, the notice mailed), then a stranger with no session
verifies it on the public page — by the QR's link, by the code typed, by the PDF itself — and an altered copy and
an unknown code are refused. Every screen goes through axe-core and is photographed at two widths."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from chalicelib.affiliates import demo as affiliates
from devstack import demo
from tests.browser.conftest import mail_containing, open_portal, visit
from tests.browser.test_affiliates import affiliate_login, no_sideways_scroll
from tests.pdf_reading import pdf_text

FILE_NAME = re.compile(r"^certificado-afiliacion-\d{8}-([2-9A-Z]{20})\.pdf$")


def check(page, name: str) -> None:
    visit(page, f"afiliados-{name}")
    no_sideways_scroll(page, name)


def test_generate_a_certificate_then_a_stranger_verifies_it(stack, new_page, tmp_path):
    base, _ = stack
    cotizante, son = affiliates.COTIZANTE, affiliates.HIJO_MAYOR
    page = new_page()
    affiliate_login(page, base, cotizante.doc_type, cotizante.doc_number, demo.DEMO_AFFILIATE["contrasena"])
    page.get_by_role("navigation", name="Menú principal").get_by_role("link", name="Certificados").click()
    expect(page.get_by_role("heading", name="Certificado de afiliación")).to_be_visible()
    check(page, "certificado-afiliacion")

    person = page.get_by_label(re.compile(r"Persona$"))
    person.select_option(label=next(o for o in person.locator("option").all_inner_texts()
                                    if o.startswith(f"{son.primer_nombre} {son.segundo_nombre}")))
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Generar").click()
    download = download_info.value
    code = FILE_NAME.fullmatch(download.suggested_filename).group(1)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert son.doc_number in pdf_text(saved.read_bytes())
    expect(page.get_by_role("status").filter(has_text="Se generó el certificado")).to_be_visible()
    check(page, "certificado-generado")
    notice = mail_containing(base, "Certificado generado - Oficina Virtual Afiliados", code, r"(Señor\(a\)[^\n]*)")
    assert notice == "Señor(a) afiliado(a):"  # no name in the notice

    page.get_by_role("link", name="Paz y salvo PBS independientes").click()
    expect(page.get_by_role("heading", name="Paz y salvo PBS independientes")).to_be_visible()
    check(page, "certificado-paz-y-salvo")
    page.get_by_role("link", name="Retención en la fuente PAC").click()
    expect(page.get_by_role("heading", name="Retención en la fuente PAC")).to_be_visible()
    check(page, "certificado-retencion")

    stranger = new_page()  # another browser, no session: what the bank or employer receiving the paper has
    open_portal(stranger, base, f"/verificar?codigo={code}")
    result = stranger.get_by_role("status").filter(has_text="El documento fue expedido por la EPS")
    expect(result).to_be_visible()
    expect(result).to_contain_text("Certificado de afiliación")
    expect(result).to_contain_text(f"documento terminado en {son.doc_number[-3:]}")
    assert son.doc_number not in stranger.content() and son.primer_apellido not in result.inner_text()
    # providers' and affiliates' documents are verified here alike: the header names neither office
    expect(stranger.locator("header .brand")).to_have_text("SOS Oficina Virtual SOS EPS")
    expect(stranger).to_have_title("Verificar certificado · Oficina Virtual SOS EPS")
    offices = stranger.get_by_role("navigation", name="Oficinas virtuales")
    expect(offices.locator("[aria-current]")).to_have_count(0)
    check(stranger, "verificar-codigo")

    open_portal(stranger, base, "/afiliados/ingresar")
    stranger.get_by_role("link", name="Verificar certificado").click()
    expect(stranger.get_by_role("heading", name="Verificar certificado")).to_be_visible()
    stranger.get_by_label(re.compile(r"Código de verificación$")).fill("23456789ABCDEFGHJKLM")
    stranger.get_by_role("button", name="Verificar").click()
    expect(stranger.get_by_text("El código no corresponde a ningún documento expedido por la EPS")).to_be_visible()
    check(stranger, "verificar-desconocido")

    stranger.locator("input[type=file]").set_input_files(str(saved))
    expect(stranger.get_by_role("status").filter(has_text=code)).to_be_visible()
    altered = bytearray(saved.read_bytes())
    altered[len(altered) // 2] ^= 1
    (tmp_path / "alterado.pdf").write_bytes(bytes(altered))
    stranger.locator("input[type=file]").set_input_files(str(tmp_path / "alterado.pdf"))
    expect(stranger.get_by_text("El archivo no coincide con ningún documento expedido por la EPS")).to_be_visible()
    check(stranger, "verificar-archivo")
