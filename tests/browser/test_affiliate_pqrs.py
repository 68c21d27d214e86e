"""Contáctenos in a real browser against the real local stack (issue 24, seed 003 §4.5–§4.6): the demo cotizante
files a PQRS and finds it EN GESTION; an EPS operator sees it in the PQRS queue (with the demo's overdue one
highlighted) and answers it; the cotizante finds it FINALIZADO with the answer and rates it once; the public
contact form from the login screen. Every screen through `visit` (axe-core, screenshots `pqrs-*` at two widths)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from chalicelib.affiliates import demo as affiliates
from chalicelib.pqrs import contact
from chalicelib.pqrs.catalogue import IN_PROCESS_ANSWER
from devstack import demo
from tests.browser.conftest import login, open_portal, visit
from tests.browser.test_affiliates import affiliate_login

TEXT = "Solicito información sobre la red de laboratorios de mi plan"
ANSWER = "Puede consultar la red de laboratorios en la sede Norte; le enviamos el listado a su correo"


def test_a_pqrs_from_filing_to_rating(stack, new_page):
    base, _ = stack
    cotizante = affiliates.COTIZANTE
    page = new_page()
    affiliate_login(page, base, cotizante.doc_type, cotizante.doc_number, demo.DEMO_AFFILIATE["contrasena"])
    # The first login of a freshly started stack can be slow on a loaded machine.
    expect(page.get_by_role("heading", name="DATOS PERSONALES")).to_be_visible(timeout=30_000)
    page.get_by_role("navigation", name="Menú principal").get_by_role("link", name="Contáctenos").click()
    expect(page.get_by_role("heading", name="Nueva solicitud")).to_be_visible()
    page.get_by_label("Tipo de solicitud").select_option("INFORMACION_PARTICULAR")
    page.get_by_role("button", name="Enviar").click()  # no text: refused here, naming the field
    expect(page.locator("[data-campo=descripcion] .field-error")).to_have_text("Campo obligatorio")
    page.get_by_label(re.compile("Descripción de la solicitud")).fill(TEXT)
    expect(page.get_by_text(f"{len(TEXT)} de 2000 caracteres")).to_be_visible()
    visit(page, "pqrs-nueva")
    page.get_by_role("button", name="Enviar").click()
    filed = page.locator(".notice.ok")
    expect(filed).to_contain_text("radicada con el número")
    radicado = re.search(r"\d{4}-\d{6}", filed.inner_text()).group(0)

    page.get_by_role("navigation", name="Contáctenos").get_by_role("link", name="Consultar solicitud").click()
    page.get_by_label("Número de solicitud:").fill(radicado)
    page.get_by_role("button", name="Buscar").click()
    result = page.locator(".result")
    expect(result).to_contain_text("INFORMACION PARTICULAR")
    expect(result).to_contain_text("EN GESTION")
    expect(result).to_contain_text(IN_PROCESS_ANSWER)
    expect(result).to_contain_text(TEXT)
    mine = page.get_by_role("table", name=re.compile("^Mis solicitudes"))
    expect(mine.get_by_role("row")).to_have_count(4)  # the header, this one and the demo's two
    visit(page, "pqrs-consulta")

    operator = new_page()
    login(operator, base, demo.DEMO_OPERATOR["numero_documento"], demo.DEMO_OPERATOR["contrasena"])
    operator.get_by_role("navigation", name="Menú principal").get_by_role("link", name="PQRS").click()
    queue = operator.get_by_role("table")
    expect(queue.locator("tr.overdue-row")).to_have_count(1)  # the demo's overdue PQRS, on top
    expect(queue.locator("tr.overdue-row")).to_contain_text("Vencida hace")
    row = queue.get_by_role("row").filter(has_text=radicado)
    expect(row).to_contain_text("día(s) hábil(es)")
    visit(operator, "pqrs-operador")
    row.get_by_role("button", name="Responder").click()
    operator.get_by_label(re.compile("Respuesta de EPS-SOS")).fill(ANSWER)
    operator.get_by_role("button", name="Enviar respuesta").click()
    expect(operator.locator(".notice.ok")).to_contain_text("Respuesta registrada")
    operator.get_by_role("navigation", name="PQRS").get_by_role("link", name="Oportunidad de respuesta").click()
    expect(operator.get_by_role("table", name="Oportunidad mensual de respuesta")).to_be_visible()
    visit(operator, "pqrs-oportunidad")

    page.get_by_role("button", name="Buscar").click()
    expect(result).to_contain_text("FINALIZADO")
    expect(result).to_contain_text(ANSWER)
    expect(page.locator("fieldset.stars")).to_be_visible()
    page.locator("fieldset.stars label").nth(3).click()  # 4 stars
    visit(page, "pqrs-calificar")
    page.get_by_role("button", name="Calificar").click()
    expect(result).to_contain_text("Tu calificación")
    expect(page.get_by_role("button", name="Calificar")).to_have_count(0)  # once

    page.get_by_role("navigation", name="Contáctenos").get_by_role("link", name="Encuesta").click()
    expect(page.get_by_role("heading", name="Encuesta de satisfacción")).to_be_visible()
    visit(page, "pqrs-encuesta")
    assert page.errors == [] and operator.errors == []


def test_the_public_contact_form_from_the_login_screen(stack, new_page):
    base, _ = stack
    page = new_page()
    open_portal(page, base, "/afiliados/ingresar")
    page.get_by_role("link", name="formulario contáctenos").click()
    expect(page.get_by_role("heading", name="Contáctenos")).to_be_visible()
    page.get_by_label("Tipo de documento").select_option("CC")
    page.get_by_label("Número de documento").fill("52999999")
    page.get_by_label("Nombres y apellidos").fill("ANA PÉREZ")
    page.get_by_label("Correo electrónico").fill("ana.perez@correo.example.co")
    page.get_by_label("Tipo de solicitud").select_option("QUEJA")
    page.get_by_label(re.compile("Mensaje")).fill("No puedo ingresar: la contraseña no llega a mi correo")
    visit(page, "pqrs-contacto")
    page.get_by_role("button", name="Enviar").click()
    expect(page.locator(".notice.ok")).to_have_text(contact.RECEIVED, timeout=30_000)
    assert page.errors == []
