"""Seed 002 §3.1, §4.2, §4.3: password change and recovery, profile, first-login change."""

from __future__ import annotations

import re

import pytest

from tests import factories
from tests.api.client import call

NEW = "Nueva2024Clave"
TRIVIAL = "Es una contraseña fácil de adivinar (repeticiones, secuencias o datos suyos); elija otra"


@pytest.fixture
def admin(pipelines):
    provider = factories.provider()
    person = factories.person("1032456789")
    factories.membership(person, provider)
    return person


def login(client, password=factories.PASSWORD, doc="1032456789"):
    return call(client, "POST", "/sesion", {"tipo_documento": "CC", "numero_documento": doc, "contrasena": password})


def change(client, token, current=factories.PASSWORD, new=NEW, confirmation=None):
    return call(client, "PUT", "/cuenta/contrasena", {"contrasena_actual": current, "contrasena_nueva": new,
                                                       "confirmacion": confirmation or new}, token=token)


def test_change_password_revokes_other_sessions_and_notifies(client, admin, mailbox):
    other_session = login(client)[1]["token"]
    token = login(client)[1]["token"]
    status, fresh = change(client, token)
    assert status == 200, fresh
    assert call(client, "GET", "/sesion", token=other_session)[0] == 401
    assert call(client, "GET", "/sesion", token=token)[0] == 401
    assert call(client, "GET", "/sesion", token=fresh["token"])[0] == 200
    assert login(client)[0] == 401
    assert login(client, NEW)[0] == 200
    assert mailbox()[-1].subject == "Cambio de contraseña Oficina Virtual Prestadores"


@pytest.mark.parametrize(("kwargs", "field", "message"), [
    ({"current": "Incorrecta2024"}, "contrasena_actual", "La contraseña actual no es correcta"),
    ({"new": "corta1A"}, "contrasena_nueva", "Debe tener al menos 8 caracteres"),
    ({"new": "Password1"}, "contrasena_nueva", "Es una contraseña muy común, elija otra"),
    ({"new": "Ab1032456789"}, "contrasena_nueva", "No debe contener su número de documento"),
    ({"new": factories.PASSWORD}, "contrasena_nueva", "La nueva contraseña debe ser diferente de la actual"),
    ({"new": "Aaaaaaaa1"}, "contrasena_nueva", TRIVIAL),
    ({"new": "Abcdefgh1234"}, "contrasena_nueva", TRIVIAL),
    ({"confirmation": "Otra2024Clave"}, "confirmacion", "La nueva contraseña y su confirmación no coinciden"),
])
def test_change_password_refusals(client, admin, kwargs, field, message):
    token = login(client)[1]["token"]
    status, body = change(client, token, **kwargs)
    assert status == 422
    assert {"campo": field, "mensaje": message} in body["errores"]
    assert login(client)[0] == 200  # nothing changed


def test_generated_password_must_be_changed_first(client, admin, mailbox):
    status, body = call(client, "POST", "/cuenta/recuperar-contrasena",
                        {"tipo_documento": "CC", "numero_documento": "1032456789"})
    assert status == 202
    password = re.search(r"Contraseña: (\S+)", mailbox()[-1].body).group(1)
    session = login(client, password)[1]
    assert session["debe_cambiar_contrasena"] is True
    assert login(client)[0] == 401  # once the emailed password is used, the old one is gone
    status, refused = call(client, "GET", "/usuarios", token=session["token"])
    assert (status, refused["code"]) == (403, "PASSWORD_CHANGE_REQUIRED")
    assert call(client, "GET", "/cuenta/perfil", token=session["token"])[0] == 200
    status, fresh = change(client, session["token"], current=password)
    assert status == 200 and fresh["debe_cambiar_contrasena"] is False
    assert call(client, "GET", "/usuarios", token=fresh["token"])[0] == 200


def test_recovery_answers_identically_for_unknown_documents(client, admin, mailbox):
    def recover(doc):
        return call(client, "POST", "/cuenta/recuperar-contrasena", {"tipo_documento": "CC", "numero_documento": doc})

    known, unknown = recover("1032456789"), recover("444555")
    assert known == unknown
    assert known[0] == 202 and "aplica para todas las cuentas" in known[1]["mensaje"]
    assert len(mailbox()) == 1


def test_recovery_applies_to_every_provider_of_the_person(client, admin, mailbox):
    factories.membership(admin, factories.provider("800200300", "Hospital B"), role="DELEGADO", menus={"PAGOS"})
    call(client, "POST", "/cuenta/recuperar-contrasena", {"tipo_documento": "CC", "numero_documento": "1032456789"})
    password = re.search(r"Contraseña: (\S+)", mailbox()[-1].body).group(1)
    status, session = call(client, "POST", "/sesion", {"tipo_documento": "CC", "numero_documento": "1032456789",
                                                        "contrasena": password, "prestador_id": "NI#800200300"})
    assert status == 200 and len(session["prestadores"]) == 2


def test_recovery_is_rate_limited_the_same_for_everyone(client, admin, mailbox):
    for doc in ("1032456789", "444555"):
        answers = [call(client, "POST", "/cuenta/recuperar-contrasena",
                        {"tipo_documento": "CC", "numero_documento": doc})[0] for _ in range(4)]
        assert answers == [202, 202, 202, 429]
    assert len(mailbox()) == 3


def test_profile(client, admin):
    token = login(client)[1]["token"]
    status, profile = call(client, "GET", "/cuenta/perfil", token=token)
    assert status == 200
    assert profile["numero_identificacion"] == "CC - 1032456789"
    assert profile["prestador"]["razon_social"] == "Clínica Demo del Valle S.A.S."
    assert profile["perfil_usuario"] == "Perfil Prestador oficina virtual"
    assert profile["fin_vigencia_usuario"] == "9999-12-31"
    assert (profile["cargo"], profile["area"]) == ("Analista", "Cartera")


def test_a_stranger_asking_for_a_reset_neither_locks_out_nor_logs_out(client, admin, mailbox):
    token = login(client)[1]["token"]
    call(client, "POST", "/cuenta/recuperar-contrasena", {"tipo_documento": "CC", "numero_documento": "1032456789"})
    emailed = re.search(r"Contraseña: (\S+)", mailbox()[-1].body).group(1)
    assert call(client, "GET", "/sesion", token=token)[0] == 200
    assert login(client)[0] == 200  # the person remembers the password: the emailed one is dropped
    assert login(client, emailed)[0] == 401


def test_an_emailed_reset_expires(client, admin, mailbox, clock_at):
    from chalicelib.accounts.my_account import RESET_VALID_SECONDS
    from chalicelib.common import clock

    call(client, "POST", "/cuenta/recuperar-contrasena", {"tipo_documento": "CC", "numero_documento": "1032456789"})
    emailed = re.search(r"Contraseña: (\S+)", mailbox()[-1].body).group(1)
    clock_at(clock.epoch_seconds() + RESET_VALID_SECONDS + 1)
    assert login(client, emailed)[0] == 401
    assert login(client)[0] == 200


def test_an_emailed_password_cannot_become_the_chosen_one(client, admin, mailbox):
    """Issue 8, defect 6: a password that travelled by email is never accepted as the new password."""
    call(client, "POST", "/cuenta/recuperar-contrasena", {"tipo_documento": "CC", "numero_documento": "1032456789"})
    emailed = re.search(r"Contraseña: (\S+)", mailbox()[-1].body).group(1)
    token = login(client)[1]["token"]  # the old password still works (and drops the emailed one)
    status, body = change(client, token, new=emailed)
    assert status == 422
    assert {"campo": "contrasena_nueva", "mensaje": "No puede usar una contraseña que le enviamos por correo"} in (
        body["errores"])


def test_openapi_password_lengths_match_the_api(client):
    schema = call(client, "GET", "/openapi.json")[1]["components"]["schemas"]["PasswordChange"]["properties"]
    assert {schema[f]["maxLength"] for f in ("contrasena_actual", "contrasena_nueva", "confirmacion")} == {128}
