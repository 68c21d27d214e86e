"""Issue 8, defect 2: registering proves a link to the provider through the address the EPS already knows
(the registry's notification email), and never hands an existing person's data to the typed address."""

from __future__ import annotations

import re

import pytest

from chalicelib.accounts.models import MembershipRecord, PersonRecord
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
    assert "ana.gomez@clinica.example.co" in confirmation.body  # the provider sees whom it would appoint
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


def test_a_strangers_application_neither_succeeds_nor_blocks_the_provider(client, provider, mailbox):
    stranger = form(solicitante={"numero_documento": "55555555", "correo": "x@atacante.example.com",
                                 "correo_confirmacion": "x@atacante.example.com"})
    assert call(client, "POST", "/registro", stranger)[0] == 202
    assert all(m.destinations["ToAddresses"] == [REGISTRY] for m in mailbox())
    strangers_code = code_in(mailbox()[-1])
    assert call(client, "POST", "/registro", form())[0] == 202  # the real provider is not told "already registered"
    providers_code = code_in(mailbox()[-1])
    status, body = call(client, "POST", "/registro/confirmar", {"codigo": strangers_code})
    assert (status, body["code"]) == (404, "CONFIRMATION_INVALID")
    assert call(client, "POST", "/registro/confirmar", {"codigo": providers_code})[0] == 201
    assert call(client, "POST", "/registro/confirmar", {"codigo": "900123456.inventado"})[0] == 404


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
