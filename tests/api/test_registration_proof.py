"""Issue 8, defect 2: registering proves a link to the provider through the address the EPS already knows
(the registry's notification email), and never hands an existing person's data to the typed address."""

from __future__ import annotations

import re

import pytest

from chalicelib.accounts.models import MembershipRecord, PersonRecord
from chalicelib.config import get_settings
from tests import factories
from tests.api.client import call
from tests.api.test_registration import form

REGISTRY = factories.registry_email("900123456")


@pytest.fixture
def provider(aws):
    return factories.provider()


def code_in(mail) -> str:
    return re.search(r"Código de confirmación: (\S+)", mail.body).group(1)


def login(client, doc="1032456789", password=factories.PASSWORD, **extra):
    return call(client, "POST", "/sesion", {"tipo_documento": "CC", "numero_documento": doc, "contrasena": password,
                                            **extra})


def test_the_registry_address_confirms_and_only_then_credentials_are_sent(client, provider, mailbox):
    status, body = call(client, "POST", "/registro", form())
    assert (status, body["code"] if "code" in body else None) == (202, None), body
    [confirmation] = mailbox()
    assert confirmation.destinations["ToAddresses"] == [REGISTRY]
    assert confirmation.subject == "Nuevo usuario administrador Oficina Virtual SOS EPS"
    assert "ana[.]gomez@clinica[.]example[.]co" in confirmation.body  # the provider sees whom it would appoint
    assert PersonRecord.count() == 0 and call(client, "POST", "/registro/validar", form()["prestador"])[0] == 200

    status, body = call(client, "POST", "/registro/confirmar", {"codigo": code_in(confirmation)})
    assert status == 201, body
    assert body["usuario"] == "1032456789"
    credentials = mailbox()[-1]
    assert credentials.subject == "Respuesta solicitud de registro"
    assert credentials.destinations["ToAddresses"] == ["ana.gomez@clinica.example.co"]
    password = re.search(r"Contraseña: (\S+)", credentials.body).group(1)
    status, session = login(client, password=password)
    assert (status, session["rol"]) == (200, "ADMINISTRADOR")
    status, body = call(client, "POST", "/registro/validar", form()["prestador"])
    assert (status, body["code"]) == (409, "PROVIDER_ALREADY_REGISTERED")
    assert call(client, "POST", "/registro/confirmar", {"codigo": code_in(confirmation)})[0] == 404


STRANGER = {"numero_documento": "55555555", "primer_nombre": "Mallory", "correo": "x@atacante.example.com",
            "correo_confirmacion": "x@atacante.example.com"}


def admin_of_provider():
    return [m.person_id for m in MembershipRecord.scan() if m.provider_id == "NI#900123456"]


def test_a_strangers_later_application_does_not_cancel_the_real_one(client, provider, mailbox):
    assert call(client, "POST", "/registro", form())[0] == 202
    providers_code = code_in(mailbox()[-1])
    assert call(client, "POST", "/registro", form(solicitante=STRANGER))[0] == 202
    strangers_code = code_in(mailbox()[-1])
    assert all(m.destinations["ToAddresses"] == [REGISTRY] for m in mailbox())
    assert providers_code != strangers_code
    status, body = call(client, "POST", "/registro/confirmar", {"codigo": providers_code})
    assert status == 201, body
    assert admin_of_provider() == ["CC#1032456789"]  # the code confirmed its own application, not the newest
    status, body = call(client, "POST", "/registro/confirmar", {"codigo": strangers_code})
    assert (status, body["code"]) == (404, "CONFIRMATION_INVALID")  # once registered, the others are gone


def test_strangers_cannot_spend_the_providers_daily_quota(client, provider, mailbox):
    from chalicelib.accounts.registration import EMAILS_PER_PROVIDER_PER_DAY

    for n in range(EMAILS_PER_PROVIDER_PER_DAY + 2):
        stranger = form(solicitante={**STRANGER, "numero_documento": f"5555{n}"})
        assert call(client, "POST", "/registro", stranger)[0] == 202
    strangers_mail = mailbox()
    assert len(strangers_mail) == EMAILS_PER_PROVIDER_PER_DAY  # the registry mailbox is not flooded
    status, body = call(client, "POST", "/registro", form())
    assert status == 202, body  # the real applicant is not refused for the strangers' applications
    assert "cualquiera de esos correos" in body["mensaje"] and body["correo_notificaciones"] in body["mensaje"]
    # Only who reads the registry mailbox holds a code; any of them lists the real application.
    status, listed = call(client, "POST", "/registro/solicitudes", {"codigo": code_in(strangers_mail[0])})
    assert status == 200, listed
    assert listed["items"][0]["propia"] is True
    [real] = [a for a in listed["items"] if a["documento"] == "CC 1032456789"]
    status, body = call(client, "POST", "/registro/confirmar",
                        {"codigo": code_in(strangers_mail[0]), "solicitud": real["solicitud"]})
    assert status == 201, body
    assert admin_of_provider() == ["CC#1032456789"]
    assert mailbox()[-1].destinations["ToAddresses"] == ["ana.gomez@clinica.example.co"]


@pytest.mark.parametrize("code", ["900123456.inventado", "inventado", "900123456", "9" * 40 + ".x",
                                  "900123456.abc/../x?y=<z>"])
def test_a_wrong_code_has_its_own_message(client, provider, mailbox, code):
    assert call(client, "POST", "/registro", form())[0] == 202
    for path in ("/registro/confirmar", "/registro/solicitudes"):
        status, body = call(client, "POST", path, {"codigo": code})
        assert (status, body["code"]) == (404, "CONFIRMATION_INVALID"), body
        assert body["message"].startswith("El código de confirmación no es válido, ya se usó o expiró")


@pytest.mark.parametrize(("name", "cargo"), [
    ("Visite http://evil.example.com/premio", "Cargo"),
    ("Ana www.evil.example.com", "<a href='https://evil.example.com'>Confirme aquí</a>"),
    ("Ana", "javascript:alert(1)"),
])
def test_the_typed_names_reach_the_registry_as_plain_text(client, provider, mailbox, name, cargo):
    status, body = call(client, "POST", "/registro", form(solicitante={"primer_nombre": name, "cargo": cargo}))
    if status == 422:  # a field may refuse the text outright; then nothing reaches the mailbox either
        assert mailbox() == []
        return
    assert status == 202, body
    text = mailbox()[-1].body
    portal = get_settings().portal_url
    assert all(link.startswith(portal) for link in re.findall(r"(?:https?://|www\.)\S+", text))
    for linkable in ("evil.example.com", "<a", "javascript:"):
        assert linkable not in text
    assert "Confirme en evil" not in text.split("\n")[0]


def test_the_terms_are_versioned_and_the_accepted_version_is_kept(client, provider, mailbox):
    from chalicelib.accounts.models import ProviderRegistrationRecord

    status, terms = call(client, "GET", "/registro/terminos")
    assert status == 200 and terms["titulo"].startswith("Contrato de Términos y condiciones") and terms["clausulas"]
    status, body = call(client, "POST", "/registro", form(version_terminos="TYC-1999-01"))
    assert status == 422 and body["errores"][0]["campo"] == "version_terminos"
    assert call(client, "POST", "/registro", form(version_terminos=terms["version"]))[0] == 202
    assert call(client, "POST", "/registro/confirmar", {"codigo": code_in(mailbox()[-1])})[0] == 201
    assert ProviderRegistrationRecord.get("NI#900123456").terms_version == terms["version"]


def test_a_client_that_names_no_terms_version_is_not_recorded_as_accepting_the_current_one(client, provider, mailbox):
    from chalicelib.accounts.models import ProviderRegistrationRecord

    body = form()
    body.pop("version_terminos", None)
    assert call(client, "POST", "/registro", body)[0] == 202
    assert call(client, "POST", "/registro/confirmar", {"codigo": code_in(mailbox()[-1])})[0] == 201
    assert ProviderRegistrationRecord.get("NI#900123456").terms_version is None


def test_the_email_link_carries_the_code_in_the_fragment(client, provider, mailbox):
    status, body = call(client, "POST", "/registro", form())
    assert body["correo_notificaciones"] == "no•••••@pr•••••.example.co"  # masked registry address
    mail = mailbox()[-1].body
    code = code_in(mailbox()[-1])
    links = re.findall(r"https?://\S+", mail)
    assert any(link.endswith(f"/portal/#/registro/finaliza/{code}") for link in links)
    assert all(code not in link.partition("#")[0] for link in links)  # never in a part a server receives


def test_an_existing_persons_document_makes_them_nothing_without_their_consent(client, provider, mailbox):
    other = factories.provider("800200300", "IPS Norte S.A.")
    existing = factories.person("1032456789")  # stored as "Ana Gómez", u1032456789@clinica.example.co
    factories.membership(existing, other)
    typed = form(solicitante={"primer_nombre": "Mallory", "segundo_nombre": "", "primer_apellido": "Atacante",
                              "segundo_apellido": "", "correo": "m@atacante.example.com",
                              "correo_confirmacion": "m@atacante.example.com"})
    assert call(client, "POST", "/registro", typed)[0] == 202
    assert call(client, "POST", "/registro/confirmar", {"codigo": code_in(mailbox()[-1])})[0] == 201
    to_attacker = [m for m in mailbox() if "m@atacante.example.com" in m.destinations["ToAddresses"]]
    assert all("Ana" not in m.body and "Gómez" not in m.body for m in to_attacker)
    invitation = mailbox()[-1]
    assert invitation.destinations["ToAddresses"] == ["u1032456789@clinica.example.co"]
    assert MembershipRecord.get(existing.person_id, "NI#900123456").state == "PENDIENTE"
    assert login(client, prestador_id="NI#900123456")[1]["code"] == "PROVIDER_NOT_ALLOWED"
    token = login(client)[1]["token"]
    call(client, "POST", "/cuenta/invitaciones/aceptar", {"prestador_id": "NI#900123456"}, token=token)
    status, session = login(client, prestador_id="NI#900123456")
    assert (status, session["rol"]) == (200, "ADMINISTRADOR")


def test_a_provider_without_a_registry_address_cannot_self_register(client, aws, mailbox):
    factories.provider(notification_email=None)
    status, body = call(client, "POST", "/registro", form())
    assert (status, body["code"]) == (409, "PROVIDER_WITHOUT_EMAIL")
    assert mailbox() == []


def test_an_application_stored_before_this_version_does_not_block_a_new_one(client, provider, mailbox):
    from datetime import UTC, datetime

    from chalicelib.accounts.models import ProviderRegistrationRecord

    legacy = ProviderRegistrationRecord("NI#900123456", admin_person_id="CC#55555555", state="PENDIENTE",
                                        registered_at=datetime.now(tz=UTC))
    legacy.save()
    legacy.update(actions=[ProviderRegistrationRecord.revision.remove()])  # the old layout: no `revision`
    status, body = call(client, "POST", "/registro", form())
    assert status == 202, body
    assert call(client, "POST", "/registro/confirmar", {"codigo": code_in(mailbox()[-1])})[0] == 201
