"""Odd and hostile input gets a 4xx with a Spanish message, never a 500."""

from __future__ import annotations

import pytest

from tests import factories
from tests.api.client import call


@pytest.fixture
def admin_token(client, aws):
    factories.membership(factories.person("1000000001"), factories.provider())
    status, session = call(client, "POST", "/sesion", {"tipo_documento": "CC", "numero_documento": "1000000001",
                                                        "contrasena": factories.PASSWORD})
    return session["token"]


@pytest.mark.parametrize("path", ["/sesion", "/registro/validar", "/registro", "/cuenta/recuperar-contrasena"])
def test_deeply_nested_json_is_a_400(client, aws, path):
    status, body = call(client, "POST", path, "[" * 50_000 + "]" * 50_000)
    assert (status, body["code"]) == (400, "MALFORMED_REQUEST")


@pytest.mark.parametrize("query", ["limite=%C2%B2", "limite=0", "limite=-1", "limite=1e3", "cursor=%00"])
def test_bad_paging_is_a_422(client, admin_token, query):
    assert call(client, "GET", f"/usuarios?{query}", token=admin_token)[0] == 422
    assert call(client, "GET", f"/cuenta/auditoria?{query}", token=admin_token)[0] == 422


@pytest.mark.parametrize("user_id", ["CC-" + "9" * 3000, "CC-１２３", "XX-123", "CC-", "CC-12 3", "-"])
def test_odd_user_ids_are_not_found(client, admin_token, user_id):
    assert call(client, "GET", f"/usuarios/{user_id}", token=admin_token)[0] == 404


def test_control_characters_in_names_are_refused(client, admin_token):
    form = {"tipo_documento": "CC", "numero_documento": "79111222", "primer_nombre": "Jorge\r\nBcc: x",
            "primer_apellido": "Pérez", "cargo": "Analista", "area": "Cartera", "departamento": "Valle del Cauca",
            "ciudad": "Cali", "celular": "3157778899", "correo": "j@c.co", "correo_confirmacion": "j@c.co"}
    status, body = call(client, "POST", "/usuarios", form, token=admin_token)
    assert status == 422 and {"campo": "primer_nombre", "mensaje": "Formato inválido"} in body["errores"]


def test_passwords_are_not_trimmed(client, aws):
    factories.membership(factories.person("1000000002", password="  Clave Con Espacios 9  "),
                         factories.provider())
    login = {"tipo_documento": "CC", "numero_documento": "1000000002"}
    assert call(client, "POST", "/sesion", {**login, "contrasena": "  Clave Con Espacios 9  "})[0] == 200
    assert call(client, "POST", "/sesion", {**login, "contrasena": "Clave Con Espacios 9"})[0] == 401


def test_bearer_scheme_is_case_insensitive(client, admin_token):
    status, _ = call(client, "GET", "/sesion", headers={"Authorization": f"bearer {admin_token}"})
    assert status == 200
    status, _ = call(client, "GET", "/sesion", headers={"Authorization": f"Basic {admin_token}"})
    assert status == 401
