"""Registrar mi Solicitud in a real browser against the real local stack (issue 24, seed 003 §4.2.1): the demo
cotizante accepts the NOTIFICACIÓN JURAMENTADA, chooses his son, uploads the supports (one refused for its size, one
deleted before sending), writes an observation and gets the presolicitud number; an EPS operator takes it and
returns it with an observation, which reaches the affiliate by email.

Every screen reached goes through `check` (axe-core: no serious/critical violation; desktop and phone screenshots
named `afiliados-*` in build/screenshots/; no sideways scroll at 390 px)."""

from __future__ import annotations

import re
import time

from playwright.sync_api import expect

from chalicelib.affiliates import demo as affiliates
from devstack import demo
from tests.browser.conftest import login, mailbox
from tests.browser.test_affiliates import affiliate_login, check, png_of

OBSERVATION = "Documentos con más de 30 días calendario"
ROUTE = "/afiliados/autorizaciones/solicitud"


def pdf_of(size: int) -> bytes:
    return b"%PDF-1.7\n" + b"0" * (size - 9)


def mail_about(base: str, numero: str, what: str, timeout: float = 20) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for mail in mailbox(base):
            if mail["asunto"].startswith(f"Presolicitud {numero} {what}"):
                return mail
        time.sleep(0.3)
    raise AssertionError(f"no email '{what}' about {numero}")


def test_a_request_with_files_is_returned_by_an_operator_with_an_observation(stack, new_page):
    base, _ = stack
    son = affiliates.MENOR_2
    page = new_page()
    affiliate_login(page, base, affiliates.COTIZANTE.doc_type, affiliates.COTIZANTE.doc_number,
                    demo.DEMO_AFFILIATE["contrasena"])
    expect(page.get_by_role("heading", name="DATOS PERSONALES")).to_be_visible()
    page.goto(f"{base}/portal/#{ROUTE}")

    expect(page.get_by_role("heading", name="NOTIFICACIÓN JURAMENTADA")).to_be_visible()
    expect(page.get_by_text("Última actualización: 27 de Abril de 2020.")).to_be_visible()
    expect(page.get_by_text("Recuerda, este servicio en línea no permite solicitudes NO PBS")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("ruta Mipres"))).to_be_visible()
    page.get_by_role("button", name="Aceptar").click()
    expect(page.locator('[data-campo="acepto"] .field-error')).to_contain_text("aceptar la notificación juramentada")
    check(page, "solicitud-terminos")
    page.get_by_label("He leído la notificación juramentada y acepto los términos allí descritos.").check()
    page.get_by_role("button", name="Aceptar").click()

    people = page.get_by_role("group", name="Afiliado")
    expect(people.get_by_label(re.compile(son.primer_nombre))).to_have_count(1)
    expect(people.get_by_label(re.compile(affiliates.HIJO_MAYOR.primer_nombre))).to_have_count(0)
    expect(page.get_by_role("group", name=re.compile("Plan para la solicitud"))).to_contain_text(affiliates.PAC_PLAN)
    check(page, "solicitud-persona")
    people.get_by_label(re.compile(son.primer_nombre)).check()
    page.get_by_role("button", name="Aceptar").click()

    expect(page.get_by_role("heading", name="DATOS BÁSICOS")).to_be_visible()
    expect(page.locator("dl")).to_contain_text(f"{son.doc_type} - {son.doc_number}")
    history = page.locator('tr[data-tipo="HISTORIA CLINICA VIGENTE"]')
    order = page.locator('tr[data-tipo="SOLICITUD MEDICA VIGENTE"]')
    history.locator("input[type=file]").set_input_files(
        {"name": "grande.png", "mimeType": "image/png", "buffer": png_of(2 * 1024 * 1024 + 1)})
    expect(history.locator(".field-error")).to_contain_text("supera el tamaño máximo de 2 MB")
    history.locator("input[type=file]").set_input_files(
        {"name": "programa.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00" + b"0" * 300})
    expect(history.locator(".field-error")).to_contain_text("PDF, JPG o PNG")
    history.locator("input[type=file]").set_input_files(
        {"name": "historia.pdf", "mimeType": "application/pdf", "buffer": pdf_of(300_000)})
    expect(history).to_contain_text("historia.pdf")
    history.locator("input[type=file]").set_input_files(
        {"name": "equivocada.png", "mimeType": "image/png", "buffer": png_of(20_000)})
    expect(history).to_contain_text("equivocada.png")
    history.get_by_role("button", name="Eliminar equivocada.png").click()
    expect(history).not_to_contain_text("equivocada.png")
    order.locator("input[type=file]").set_input_files(
        {"name": "orden.png", "mimeType": "image/png", "buffer": png_of(40_000)})
    expect(order).to_contain_text("orden.png")
    page.get_by_label("Observaciones (Máximo 300 caracteres)").fill("Control de crecimiento")
    expect(page.get_by_text("22/300")).to_be_visible()
    check(page, "solicitud-archivos")
    page.get_by_role("button", name="Aceptar").dblclick()
    success = page.locator(".notice.ok").filter(has_text="número de presolicitud")
    expect(success).to_be_visible()
    numero = re.search(r"PS-\d{4}-\d{6}", success.inner_text()).group(0)
    check(page, "solicitud-enviada")
    mail_about(base, numero, "recibida")

    operator = new_page()
    login(operator, base, demo.DEMO_OPERATOR["numero_documento"], demo.DEMO_OPERATOR["contrasena"])
    operator.get_by_role("navigation", name="Menú principal").get_by_role("link", name="Afiliados").click()
    operator.get_by_role("link", name="Presolicitudes").click()
    row = operator.get_by_role("row").filter(has_text=numero)
    expect(row).to_have_count(1)  # the double click registered one
    expect(row).to_contain_text("historia.pdf")
    expect(row).not_to_contain_text("equivocada.png")
    check(operator, "operador-presolicitudes")
    row.get_by_role("button", name=re.compile("^Tomar")).click()
    expect(operator.locator(".notice.ok")).to_contain_text(numero)
    expect(operator.get_by_label("Estado")).to_have_value("EN REVISION")
    row.get_by_role("button", name=re.compile("^Devolver")).click()
    operator.get_by_label("Observación de la devolución").fill(OBSERVATION)
    check(operator, "operador-presolicitud-devolver")
    operator.get_by_role("button", name="Devolver", exact=True).click()
    expect(operator.locator(".notice.ok")).to_contain_text("devuelta")
    operator.get_by_label("Estado").select_option("DEVUELTA")
    expect(row).to_contain_text(OBSERVATION)
    returned = mail_about(base, numero, "devuelta")
    assert OBSERVATION in returned["cuerpo"]
    assert page.errors == [] and operator.errors == []
