"""Issue 22 (every unmet password rule at once) and issue 20 (the account's context words) through the API."""

from __future__ import annotations

import pytest

from chalicelib.accounts.password_policy import CONTEXTUAL
from tests import factories
from tests.api.client import call, login


def change(client, token, new):
    return call(client, "PUT", "/cuenta/contrasena", {"contrasena_actual": factories.PASSWORD,
                                                      "contrasena_nueva": new, "confirmacion": new}, token=token)


def test_every_unmet_rule_is_listed_for_the_field(client, aws):
    factories.membership(factories.person(), factories.provider())
    status, body = change(client, login(client, "1032456789"), "abc")
    assert status == 422
    messages = [e["mensaje"] for e in body["errores"] if e["campo"] == "contrasena_nueva"]
    assert {"Debe tener al menos 8 caracteres", "Debe tener al menos una letra mayúscula",
            "Debe tener al menos un número"} <= set(messages)


@pytest.mark.parametrize("password", ["Cali2024*", "ClinicaDemo2024", "Gomez.2024x", "OficinaVirtual2024"])
def test_the_accounts_context_is_refused(client, aws, password):
    factories.membership(factories.person(), factories.provider())
    status, body = change(client, login(client, "1032456789"), password)
    assert status == 422, body
    assert {"campo": "contrasena_nueva", "mensaje": CONTEXTUAL} in body["errores"]
