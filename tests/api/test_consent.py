"""Ley 1581 (habeas data): the authorisation is kept with its policy version, time, channel and IP, taken at
registration or, for a delegate an administrator created, from the person's own session; Mi perfil shows it."""

from __future__ import annotations

import re

import pytest

from chalicelib.accounts.consent import POLICY_VERSION
from tests import factories
from tests.api.client import call, login
from tests.api.test_registration import form
from tests.api.test_users import DELEGATE


@pytest.fixture
def provider(aws):
    return factories.provider()


def test_the_registration_form_is_the_administrators_authorisation(client, provider, mailbox):
    assert call(client, "POST", "/registro", form())[0] == 202
    code = re.search(r"Código de confirmación: (\S+)", mailbox()[-1].body).group(1)
    assert call(client, "POST", "/registro/confirmar", {"codigo": code})[0] == 201
    password = re.search(r"Contraseña: (\S+)", mailbox()[-1].body).group(1)
    status, session = call(client, "POST", "/sesion", {"tipo_documento": "CC", "numero_documento": "1032456789",
                                                       "contrasena": password})
    assert (status, session["debe_autorizar_datos"]) == (200, False)
    shown = call(client, "GET", "/cuenta/perfil", token=session["token"])[1]["autorizacion_datos"]
    assert (shown["version"], shown["canal"], shown["vigente"]) == (POLICY_VERSION, "REGISTRO", True)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-05:00", shown["aceptado_en"])  # Bogotá time
    assert shown["ip"]


def test_a_delegate_authorises_from_their_own_session(client, provider, mailbox):
    admin = factories.person("1000000001")
    factories.membership(admin, provider)
    assert call(client, "POST", "/usuarios", DELEGATE, token=login(client, "1000000001"))[0] == 201
    password = re.search(r"Contraseña: (\S+)", mailbox()[-1].body).group(1)
    status, session = call(client, "POST", "/sesion", {"tipo_documento": "CC", "numero_documento": "79111222",
                                                       "contrasena": password})
    assert (status, session["debe_autorizar_datos"]) == (200, True)
    token = session["token"]
    assert call(client, "GET", "/cuenta/perfil", token=token)[1]["autorizacion_datos"] is None
    status, body = call(client, "POST", "/cuenta/autorizacion-datos",
                        {"acepta_tratamiento_datos": False, "version": POLICY_VERSION}, token=token)
    assert status == 422
    status, body = call(client, "POST", "/cuenta/autorizacion-datos",
                        {"acepta_tratamiento_datos": True, "version": POLICY_VERSION}, token=token)
    assert status == 200 and body["canal"] == "SESION"
    assert call(client, "GET", "/cuenta/perfil", token=token)[1]["autorizacion_datos"]["version"] == POLICY_VERSION
    assert call(client, "GET", "/sesion", token=token)[1]["debe_autorizar_datos"] is False


def test_the_portal_reads_the_policy_it_asks_for(client, provider):
    """Issue 22: the portal asks at first login; it shows the policy and sends back the version it showed."""
    factories.membership(factories.person("1000000001"), provider)
    token = login(client, "1000000001")
    status, policy = call(client, "GET", "/cuenta/autorizacion-datos", token=token)
    assert status == 200
    assert (policy["version"], policy["politica"]) == (POLICY_VERSION, "Política de tratamiento de datos personales "
                                                                       "de la EPS (Ley 1581 de 2012)")
    assert "PQRS" in policy["texto"]
    assert call(client, "GET", "/cuenta/autorizacion-datos")[0] == 401
