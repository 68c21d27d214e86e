"""Issue 22 "Onboarding and sessions" and issue 20 items 5–6 in a real browser against the local stack: the
registration link, the unlock screen, deep links, consent, expiry without losing work, other tabs, password
rules, inactivation and delegates. Run alone: `pytest -n 0 tests/browser/test_onboarding.py`."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from devstack import demo
from tests.browser.conftest import check_accessibility, login, logout, mail_containing, mail_to, open_portal, visit

ADMIN = demo.DEMO_ADMIN
PASSWORD = "Tornillo-Azul-Marea7"
NEW_PASSWORD_LABEL = re.compile(r"Nueva contraseña$")  # not "Confirmar nueva contraseña"
CHANGED = "Cometa-Verde-Lluvia4"  # the delegate's password after the two-tab test
APPLICANT = {"tipo_documento": "CC", "numero_documento": "52888777", "primer_nombre": "Marta",
             "primer_apellido": "Quintero", "cargo": "Jefe de facturación", "area": "Financiera",
             "departamento": "Antioquia", "ciudad": "Medellín", "celular": "3104445566",
             "correo": "marta.quintero@ips-onboarding.example.co",
             "correo_confirmacion": "marta.quintero@ips-onboarding.example.co"}


def api(base: str, method: str, path: str, body=None, token: str | None = None) -> tuple[int, dict]:
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    request = urllib.request.Request(f"{base}{path}", method=method, headers=headers,  # noqa: S310 (loopback)
                                     data=json.dumps(body).encode() if body is not None else None)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (loopback)
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def token_of(base: str, doc: str, password: str) -> str:
    status, body = api(base, "POST", "/sesion",
                       {"tipo_documento": "CC", "numero_documento": doc, "contrasena": password})
    assert status == 200, body
    return body["token"]


@pytest.fixture(scope="module")
def provider(stack, tmp_path_factory):
    """A provider of the demo registry nobody registered (another than the journey test's)."""
    folder = tmp_path_factory.mktemp("demo")
    demo.generate_files(folder)
    return demo.providers_in(folder)[-1]


@pytest.fixture(scope="module")
def delegate(stack):
    """A delegate of the demo provider, created by its administrator: (document, emailed password)."""
    base, _ = stack
    doc, mail = "1144777888", "sofia.delegada@clinicademo.example.co"
    status, body = api(base, "POST", "/usuarios", {
        "tipo_documento": "CC", "numero_documento": doc, "primer_nombre": "Sofía", "primer_apellido": "Arango",
        "cargo": "Analista", "area": "Cartera", "departamento": "Valle del Cauca", "ciudad": "Cali",
        "celular": "3157778899", "correo": mail, "correo_confirmacion": mail, "permisos": ["PAGOS"],
    }, token=token_of(base, ADMIN["numero_documento"], ADMIN["contrasena"]))
    assert status == 201, body
    return doc, mail_to(base, mail, "Nuevo usuario Oficina Virtual Prestadores", r"Contraseña: (\S+)")


def first_login(page, base, doc, emailed):
    """Forced password change, then the Ley 1581 question, answered."""
    login(page, base, doc, emailed)
    page.get_by_label("Contraseña actual").fill(emailed)
    page.get_by_label(NEW_PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_label("Confirmar nueva contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Cambiar contraseña").click()


def test_registration_terms_masked_address_wrong_code_and_one_click_link(stack, new_page, provider):
    base, _ = stack
    nit, razon_social = provider
    page = new_page()
    open_portal(page, base, "/registro")
    page.get_by_label("Número de documento del prestador").fill(nit)
    page.get_by_role("button", name="Validar").click()
    expect(page.get_by_text("REGISTRA - PASO 2")).to_be_visible()
    terms = page.locator("details.terms")
    terms.locator("summary").click()  # the Contrato opens, with its version
    expect(terms).to_contain_text("versión TYC-")
    expect(terms.locator("li").first).to_be_visible()
    page.get_by_label("Tipo documento del solicitante").select_option("CC")
    page.get_by_role("textbox", name="Número documento", exact=True).fill(APPLICANT["numero_documento"])
    page.get_by_label("Primer nombre").fill("Visite www.premio.example.com")  # a stranger's "name"
    page.get_by_label("Primer apellido").fill(APPLICANT["primer_apellido"])
    page.get_by_label("Cargo desempeñado").fill(APPLICANT["cargo"])
    page.get_by_role("textbox", name="Área", exact=True).fill(APPLICANT["area"])
    page.get_by_label("Departamento").select_option("Antioquia")
    page.get_by_label("Ciudad").select_option("Medellín")
    page.get_by_label("Teléfono celular").fill(APPLICANT["celular"])
    page.get_by_label("Correo electrónico corporativo").fill("ganador@premio-falso.example.com")
    page.get_by_label("Verifica tu correo electrónico").fill("ganador@premio-falso.example.com")
    page.get_by_label("He leído y acepto").check()
    page.get_by_role("button", name="Registrar").click()
    expect(page.get_by_text("FINALIZA - PASO 3")).to_be_visible()
    expect(page.locator("main")).to_contain_text("•••••@")  # where the code went, masked
    expect(page.locator("main")).to_contain_text("Si nadie del prestador puede leer ese correo")
    visit(page, "registro-finaliza-correo")
    page.get_by_label("Código de confirmación").fill("123.inventado")
    page.get_by_role("button", name="Finalizar").click()
    expect(page.locator(".form-error")).to_contain_text("El código de confirmación no es válido, ya se usó o expiró")
    expect(page.locator(".form-error")).not_to_contain_text("datos inválidos")

    # The real applicant applies too; the stranger's application cancels nothing.
    status, body = api(base, "POST", "/registro", {"prestador": {"tipo_documento": "NI", "numero_documento": nit},
                                                   "solicitante": APPLICANT, "acepta_terminos": True})
    assert status == 202, body
    link = mail_containing(base, "Nuevo usuario administrador Oficina Virtual SOS EPS", "marta[.]quintero",
                           r"(http\S+/portal/#/registro/finaliza/\S+)")
    stranger = mail_containing(base, "Nuevo usuario administrador Oficina Virtual SOS EPS", "premio[.]example",
                               r"Código de confirmación: (\S+)")
    assert "?" not in link  # the code is in the fragment, never in what a server receives
    opener = new_page()
    opener.goto(link)
    expect(opener.get_by_role("heading", name="Confirmar registro del administrador")).to_be_visible()
    expect(opener.locator("article").first).to_contain_text("Marta Quintero")
    expect(opener.locator("main")).to_contain_text("Otra solicitud pendiente del prestador")  # the stranger's
    visit(opener, "registro-confirmar-enlace")
    opener.get_by_role("button", name="Confirmar registro").click()
    expect(opener.get_by_text(f"Usuario: {APPLICANT['numero_documento']}")).to_be_visible()
    assert "finaliza/" not in opener.url  # the used code left the address bar
    mail_to(base, APPLICANT["correo"], "Respuesta solicitud de registro", r"Contraseña: (\S+)")
    status, body = api(base, "POST", "/registro/confirmar", {"codigo": stranger})
    assert (status, body["code"]) == (404, "CONFIRMATION_INVALID")
    assert page.errors == [] and opener.errors == []


def test_first_login_asks_consent_once_shows_it_and_keeps_the_deep_link(stack, new_page, delegate):
    base, _ = stack
    doc, emailed = delegate
    page = new_page()
    page.goto(f"{base}/portal/#/pagos")  # a bookmark, before logging in
    expect(page.get_by_role("button", name="Ingresar")).to_be_visible()
    first_login(page, base, doc, emailed)
    expect(page.get_by_role("heading", name="Autorización de tratamiento de datos personales")).to_be_visible()
    visit(page, "autorizacion-datos")
    page.get_by_role("button", name="Autorizo").click()
    expect(page.get_by_role("heading", name="Consulta Pagos")).to_be_visible()  # the bookmark, not Inicio
    page.goto(f"{base}/portal/#/inicio")
    card = page.get_by_role("link", name=re.compile("^Mi cuenta"))
    expect(card.filter(has_text="Cambiar contraseña")).to_contain_text("invitaciones")
    expect(card.filter(has_text="Cambiar contraseña")).not_to_contain_text("Usuarios")
    page.goto(f"{base}/portal/#/cuenta/perfil")
    expect(page.locator("main")).to_contain_text("AUTORIZACIÓN DE DATOS PERSONALES")
    expect(page.locator("main")).to_contain_text("Oficina Virtual")
    expect(page.locator("main")).to_contain_text("(vigente)")
    logout(page)
    login(page, base, doc, PASSWORD)  # asked once: the next login goes straight in
    expect(page.get_by_role("heading", name="Servicios disponibles")).to_be_visible()


def test_deep_links_only_to_internal_routes(stack, new_page):
    base, _ = stack
    page = new_page()
    page.goto(f"{base}/portal/#/glosas")
    expect(page.get_by_role("button", name="Ingresar")).to_be_visible()
    login(page, base, ADMIN["numero_documento"], ADMIN["contrasena"])
    expect(page.get_by_role("heading", name="Gestión de glosas")).to_be_visible()
    logout(page)
    page.evaluate("sessionStorage.setItem('ov.destino', '//evil.example.com/x')")
    login(page, base, ADMIN["numero_documento"], ADMIN["contrasena"])
    expect(page.get_by_role("heading", name="Servicios disponibles")).to_be_visible()
    assert page.url.startswith(base)


def test_expiry_warns_renews_on_activity_and_keeps_the_typed_form(stack, new_page):
    base, _ = stack
    page = new_page()
    login(page, base, ADMIN["numero_documento"], ADMIN["contrasena"])
    expect(page.get_by_role("heading", name="Servicios disponibles")).to_be_visible()
    page.goto(f"{base}/portal/#/cuenta/usuarios/nuevo")
    expect(page.get_by_role("heading", name="Crear usuario")).to_be_visible()
    # Typing in the token's last minutes renews it (a new token; the old one is revoked at once).
    old = page.evaluate("""() => { const s = JSON.parse(sessionStorage.getItem('ov.sesion'));
        s.expiresAt = Date.now() + 300000; sessionStorage.setItem('ov.sesion', JSON.stringify(s)); return s.token; }""")
    page.get_by_label("Primer nombre").fill("Gloria")
    page.wait_for_function(f"JSON.parse(sessionStorage.getItem('ov.sesion')).token !== {json.dumps(old)}")
    assert page.evaluate("JSON.parse(sessionStorage.getItem('ov.sesion')).expiresAt - Date.now()") > 20 * 60_000
    assert api(base, "GET", "/sesion", token=old)[0] == 401
    # Two minutes before an idle session ends: a warning, and "Seguir conectado" renews it.
    page.evaluate("""() => { const s = JSON.parse(sessionStorage.getItem('ov.sesion'));
        s.expiresAt = Date.now() + 121000; sessionStorage.setItem('ov.sesion', JSON.stringify(s)); }""")
    page.reload()
    expect(page.get_by_role("alertdialog")).to_contain_text("Su sesión se cerrará")
    check_accessibility(page, "aviso-expiracion")
    warned = page.evaluate("JSON.parse(sessionStorage.getItem('ov.sesion')).token")
    page.get_by_role("button", name="Seguir conectado").click()
    expect(page.get_by_role("alertdialog")).to_have_count(0)
    assert page.evaluate("JSON.parse(sessionStorage.getItem('ov.sesion')).token") != warned
    page.get_by_label("Primer nombre").fill("Gloria")
    page.get_by_label("Cargo desempeñado").fill("Auxiliar de glosas")
    # The session ends (here: the token removed from the tab): the header changes at once, the form is kept.
    page.evaluate("sessionStorage.removeItem('ov.sesion')")
    expect(page.get_by_role("button", name="Ingresar")).to_be_visible()
    expect(page.get_by_role("button", name="Cerrar sesión")).to_have_count(0)
    draft = page.evaluate("sessionStorage.getItem('ov.borrador')")
    assert "Gloria" in draft
    login(page, base, ADMIN["numero_documento"], ADMIN["contrasena"])
    expect(page.get_by_role("heading", name="Crear usuario")).to_be_visible()
    expect(page.get_by_label("Primer nombre")).to_have_value("Gloria")
    expect(page.get_by_label("Cargo desempeñado")).to_have_value("Auxiliar de glosas")
    expect(page.locator("main")).to_contain_text("Recuperamos lo que había escrito")
    # A delegate without menus is refused at the field; every rule at once.
    page.get_by_role("button", name="Guardar").click()
    expect(page.locator('[data-campo="permisos"] .field-error')).to_contain_text("Seleccione al menos un menú")


def test_other_tabs_hear_of_logout_and_password_change(stack, new_page, delegate):
    base, _ = stack
    doc, _ = delegate
    page = new_page()
    login(page, base, ADMIN["numero_documento"], ADMIN["contrasena"])
    expect(page.get_by_role("heading", name="Servicios disponibles")).to_be_visible()
    with page.expect_popup() as opened:
        page.evaluate("window.open(location.href)")  # a duplicated tab: same session
    twin = opened.value
    expect(twin.get_by_role("heading", name="Servicios disponibles")).to_be_visible()
    page.get_by_role("button", name="Cerrar sesión").first.click()
    expect(twin.get_by_role("alert")).to_have_text("La sesión se cerró en otra pestaña. Ingrese de nuevo")
    expect(twin.get_by_role("button", name="Ingresar")).to_be_visible()

    # The delegate works in two tabs (two logins) and changes the password in one of them.
    one = new_page()
    login(one, base, doc, PASSWORD)
    expect(one.get_by_role("heading", name="Servicios disponibles")).to_be_visible()
    other = one.context.new_page()
    login(other, base, doc, PASSWORD)
    expect(other.get_by_role("heading", name="Servicios disponibles")).to_be_visible()
    one.goto(f"{base}/portal/#/cuenta/contrasena")
    one.get_by_label("Contraseña actual").fill(PASSWORD)
    one.get_by_label(NEW_PASSWORD_LABEL).fill("abc")
    one.get_by_label("Confirmar nueva contraseña").fill("abc")
    one.get_by_role("button", name="Cambiar contraseña").click()  # every unmet rule at once, at the field
    error = one.locator('[data-campo="contrasena_nueva"] .field-error')
    expect(error).to_contain_text("Debe tener al menos 8 caracteres")
    expect(error).to_contain_text("Debe tener al menos una letra mayúscula")
    expect(error).to_contain_text("Debe tener al menos un número")
    one.get_by_label(NEW_PASSWORD_LABEL).fill(CHANGED)
    one.get_by_label("Confirmar nueva contraseña").fill(CHANGED)
    one.get_by_role("button", name="Cambiar contraseña").click()
    expect(one.get_by_role("status")).to_contain_text("Contraseña cambiada")
    expect(other.get_by_role("alert")).to_have_text(
        "Su contraseña se cambió en otra pestaña. Ingrese de nuevo con la nueva contraseña")


def test_inactivating_a_user_asks_first(stack, new_page, delegate):
    base, _ = stack
    page = new_page()
    login(page, base, ADMIN["numero_documento"], ADMIN["contrasena"])
    page.goto(f"{base}/portal/#/cuenta/usuarios")
    row = page.get_by_role("row").filter(has_text="sofia.delegada@clinicademo.example.co")
    row.get_by_role("button", name="Inactivar").click()
    expect(row.get_by_role("group")).to_contain_text("¿Inactivar a Sofía Arango?")
    check_accessibility(page, "inactivar-confirmacion")
    row.get_by_role("button", name="Cancelar").click()
    expect(row).to_contain_text("ACTIVA")
    expect(row.get_by_role("button", name="Inactivar")).to_be_visible()


def test_lockout_offers_unlock_and_the_emailed_link_unlocks_this_browser(stack, new_page, delegate):
    base, _ = stack
    doc, _ = delegate
    page = new_page()
    for _ in range(7):
        login(page, base, doc, "NoEsLaClave-2026")
        expect(page.locator(".form-error")).to_be_visible()
    expect(page.locator(".form-error")).to_contain_text("Demasiados intentos fallidos")
    page.get_by_role("link", name="Desbloquear mi cuenta").click()
    expect(page.get_by_role("heading", name="Desbloquear mi cuenta")).to_be_visible()
    page.get_by_label("Número de documento").fill(doc)
    page.get_by_role("button", name="Enviar enlace").click()
    expect(page.locator(".notice.ok")).to_contain_text("enlace")
    visit(page, "desbloquear")
    link = mail_to(base, "sofia.delegada@clinicademo.example.co", "Desbloqueo de ingreso Oficina Virtual Prestadores",
                   r"(http\S+/portal/#/desbloquear/\S+)")
    assert "?" not in link
    page.goto(link)
    page.get_by_role("button", name="Desbloquear este navegador").click()
    expect(page.locator(".notice.ok")).to_contain_text("Este navegador quedó reconocido")
    check_accessibility(page, "desbloquear-enlace")
    assert page.url.endswith("#/desbloquear")
    login(page, base, doc, CHANGED)  # the stranger's failures no longer stop this browser
    expect(page.get_by_role("heading", name="Servicios disponibles")).to_be_visible()
