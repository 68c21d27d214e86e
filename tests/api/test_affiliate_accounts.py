"""Issue 23 through the API (chalice.test.Client, embedded AWS): affiliates' registration with the robot check
and identity questions, login, renewal, recovery, password change, logout, the operators' email correction, and
the two kinds of session kept on their own routes."""

from __future__ import annotations

import re
import time
from datetime import date

import jwt
import pytest

from chalicelib import wiring
from chalicelib.accounts.renewal import MAX_SESSION_SECONDS, SESSION_INVALID, SESSION_TOO_OLD
from chalicelib.affiliate_accounts.registration import ALREADY_REGISTERED, UNKNOWN_AFFILIATE, WRONG_ANSWERS
from chalicelib.affiliate_accounts.terms import TERMS_VERSION
from chalicelib.common.identifiers import DocumentType
from chalicelib.operations.accounts import create_operator
from chalicelib.security.keys import signing_key
from tests import factories
from tests.affiliate_accounts.fakes import MiniDirectory, affiliate
from tests.affiliate_accounts.proof import solve
from tests.api.client import call, login

DOC = {"tipo_documento": "CC", "numero_documento": "1032456789"}
NEW_PASSWORD = "Girasol-Nublado-47"


@pytest.fixture
def directory(aws):
    found = MiniDirectory(affiliate(), affiliate("TI", "1107000111", fecha_nacimiento=date(2015, 5, 2)),
                          affiliate("CC", "52000111"))
    wiring.use_affiliate_directory(found)
    yield found
    wiring.use_affiliate_directory(None)


def solved(client) -> dict:
    status, challenge = call(client, "POST", "/afiliados/registro/reto")
    assert status == 200
    return {"reto": challenge["reto"], "nonce": solve(challenge["reto"], challenge["dificultad"])}


def validate(client, doc=None):
    return call(client, "POST", "/afiliados/registro/validar", {**(doc or DOC), **solved(client)})


def right(validation: dict, directory: MiniDirectory) -> dict:
    """The right options, as the affiliate knows them."""
    person = directory.find("CC#1032456789")
    truth = {"direccion": person.contact.direccion_residencia,
             "fecha_nacimiento": person.fecha_nacimiento.strftime("%d/%m/%Y"), "telefono": person.contact.celular}
    assert all(truth[q["clave"]] in q["opciones"] for q in validation["preguntas"])
    return truth


def wrong(validation: dict, directory: MiniDirectory) -> dict:
    answers = right(validation, directory)
    answers["direccion"] = next(o for o in validation["preguntas"][0]["opciones"] if o != answers["direccion"])
    return answers


def register(client, directory, mailbox) -> str:
    status, validation = validate(client)
    assert status == 200
    status, answered = call(client, "POST", "/afiliados/registro/respuestas",
                            {"ticket": validation["ticket"], "respuestas": right(validation, directory)})
    assert status == 200
    status, done = call(client, "POST", "/afiliados/registro/finalizar", {
        "ticket": answered["ticket"], "correo": "warner@correo.example.co",
        "correo_confirmacion": "warner@correo.example.co", "celular": "3104567890", "acepta_terminos": True,
        "version_terminos": TERMS_VERSION})
    assert (status, done["usuario"]) == (201, "1032456789")
    return re.search(r"Contraseña: (\S+)", mailbox()[-1].body).group(1)


def affiliate_login(client, password: str) -> dict:
    status, session = call(client, "POST", "/afiliados/sesion", {**DOC, "contrasena": password})
    assert status == 200, session
    return session


def test_valida_outcomes_unknown_registered_and_minor(client, directory, mailbox):
    status, unknown = validate(client, {"tipo_documento": "CC", "numero_documento": "999999999"})
    assert (status, unknown["message"]) == (404, UNKNOWN_AFFILIATE)
    status, minor = validate(client, {"tipo_documento": "TI", "numero_documento": "1107000111"})
    assert (status, minor["code"]) == (403, "AFFILIATE_MINOR")
    status, names = validate(client)
    assert status == 200
    assert [names[k] for k in ("primer_nombre", "segundo_nombre", "primer_apellido", "segundo_apellido")] == [
        "WARNER", "FERNANDO", "GÓMEZ", "RUIZ"]
    register(client, directory, mailbox)
    status, registered = validate(client)
    assert (status, registered["message"]) == (409, ALREADY_REGISTERED)


def test_no_names_without_the_robot_check(client, directory):
    status, challenge = call(client, "POST", "/afiliados/registro/reto")
    body = {**DOC, "reto": challenge["reto"], "nonce": "no-resuelto"}
    status, refused = call(client, "POST", "/afiliados/registro/validar", body)
    assert status == 422 and "WARNER" not in str(refused)
    status, refused = call(client, "POST", "/afiliados/registro/validar", {**DOC})
    assert status == 422 and {e["campo"] for e in refused["errores"]} == {"reto", "nonce"}


def test_questions_are_the_same_on_every_try(client, directory):
    first, second = validate(client)[1], validate(client)[1]
    assert first["preguntas"] == second["preguntas"]
    assert all(q["opciones"][-1] == "Ninguna de las anteriores" and len(q["opciones"]) == 5
               for q in first["preguntas"])


def test_third_wrong_answer_blocks_24_hours_and_tells_the_email_on_file(client, directory, mailbox, clock_at):
    start = time.time()
    clock_at(start)
    validation = validate(client)[1]
    answers = {"ticket": validation["ticket"], "respuestas": wrong(validation, directory)}
    for _ in range(2):
        status, refused = call(client, "POST", "/afiliados/registro/respuestas", answers)
        assert (status, refused["message"]) == (422, WRONG_ANSWERS)
    status, blocked = call(client, "POST", "/afiliados/registro/respuestas", answers)
    assert (status, blocked["code"]) == (429, "DOCUMENT_BLOCKED")
    (notice,) = mailbox()
    assert notice.destinations["ToAddresses"] == ["warner.gomez@correo.example.co"]
    assert "Contraseña" not in notice.body
    assert validate(client)[1]["code"] == "DOCUMENT_BLOCKED"
    clock_at(start + 24 * 3600 + 1)
    status, again = validate(client)
    assert status == 200 and again["preguntas"] == validation["preguntas"]


def test_registration_login_change_password_and_logout(client, directory, mailbox):
    mailed = register(client, directory, mailbox)
    welcome = mailbox()[-1]
    assert welcome.subject == "Registro usuario" and "Usuario: 1032456789" in welcome.body
    assert "Recuerde que:" in welcome.body
    session = affiliate_login(client, mailed)
    assert session["debe_cambiar_contrasena"] is True
    other = affiliate_login(client, mailed)["token"]
    status, changed = call(client, "PUT", "/afiliados/cuenta/contrasena", {
        "contrasena_actual": mailed, "contrasena_nueva": NEW_PASSWORD, "confirmacion": NEW_PASSWORD},
        token=session["token"])
    assert status == 200 and changed["debe_cambiar_contrasena"] is False
    notice = mailbox()[-1]
    assert notice.subject == "Cambio de contraseña Oficina Virtual Afiliados"
    assert NEW_PASSWORD not in notice.body and mailed not in notice.body
    assert call(client, "POST", "/afiliados/sesion/cerrar", token=other)[0] == 401  # signed out elsewhere
    assert call(client, "POST", "/afiliados/sesion", {**DOC, "contrasena": mailed})[0] == 401
    fresh = affiliate_login(client, NEW_PASSWORD)["token"]
    assert call(client, "POST", "/afiliados/sesion/cerrar", token=fresh)[0] == 204
    assert call(client, "POST", "/afiliados/sesion/cerrar", token=fresh)[0] == 401


def test_recovery_answers_alike_and_no_password_in_other_emails(pipelines, client, directory, mailbox):
    mailed = register(client, directory, mailbox)
    known = call(client, "POST", "/afiliados/contrasena/recuperar", DOC)
    unknown = call(client, "POST", "/afiliados/contrasena/recuperar",
                   {"tipo_documento": "CC", "numero_documento": "52000111"})
    assert known == unknown and known[0] == 202
    subjects = [m.subject for m in mailbox()]
    assert subjects == ["Registro usuario", "Nueva contraseña Oficina Virtual Afiliados"]
    reset = re.search(r"Contraseña: (\S+)", mailbox()[-1].body).group(1)
    session = affiliate_login(client, reset)
    assert session["debe_cambiar_contrasena"] is True
    call(client, "PUT", "/afiliados/cuenta/contrasena", {
        "contrasena_actual": reset, "contrasena_nueva": NEW_PASSWORD, "confirmacion": NEW_PASSWORD},
        token=session["token"])
    credentials = {"Registro usuario", "Nueva contraseña Oficina Virtual Afiliados"}
    for message in mailbox():
        if message.subject not in credentials:
            assert "Contraseña:" not in message.body
            assert all(p not in message.body for p in (mailed, reset, NEW_PASSWORD))


def test_session_kinds_stay_on_their_own_routes(client, directory, mailbox):
    provider = factories.provider()
    factories.membership(factories.person(), provider)
    provider_token = login(client, "1032456789")
    affiliate_token = affiliate_login(client, register(client, directory, mailbox))["token"]
    status, refused = call(client, "GET", "/sesion", token=affiliate_token)
    assert (status, refused["code"]) == (403, "AFFILIATE_SESSION_REFUSED")
    assert "Prestadores" in refused["message"]
    status, refused = call(client, "POST", "/afiliados/sesion/cerrar", token=provider_token)
    assert (status, refused["code"]) == (403, "PROVIDER_SESSION_REFUSED")
    assert call(client, "GET", "/sesion", token=provider_token)[0] == 200
    assert call(client, "POST", "/afiliados/sesion/cerrar", token=affiliate_token)[0] == 204


def test_operators_fix_a_mistyped_email(client, directory, mailbox):
    register(client, directory, mailbox)
    create_operator(DocumentType.CC, "31000111", primer_nombre="Olga", primer_apellido="Mejía",
                    correo="olga@eps.example.co", password="Operadora2024", must_change_password=False)
    operator = login(client, "31000111", "Operadora2024")
    ref = directory.find("CC#1032456789").ref
    body = {"correo": "warner.bien@correo.example.co", "correo_confirmacion": "warner.bien@correo.example.co"}
    status, _ = call(client, "PUT", f"/operaciones/afiliados/{ref}/correo", body, token=operator)
    assert status == 200
    assert mailbox()[-1].destinations["ToAddresses"] == ["warner.bien@correo.example.co"]
    provider = factories.provider()
    factories.membership(factories.person(), provider)
    assert call(client, "PUT", f"/operaciones/afiliados/{ref}/correo", body,
                token=login(client, "1032456789"))[0] == 403
    assert call(client, "PUT", "/operaciones/afiliados/no-existe/correo", body, token=operator)[0] == 404


def test_renewal_gives_a_new_token_and_ends_the_old_one(client, directory, mailbox):
    """The providers' renewal for affiliates: identity from the token, the old token revoked at once."""
    old = affiliate_login(client, register(client, directory, mailbox))["token"]
    status, renewed = call(client, "POST", "/afiliados/sesion/renovar", token=old)
    assert status == 200, renewed
    assert renewed["token"] != old and renewed["expira_en"] > 0 and renewed["debe_cambiar_contrasena"] is True
    status, refused = call(client, "POST", "/afiliados/sesion/renovar", token=old)  # a revoked token renews nothing
    assert (status, refused["code"], refused["message"]) == (401, "SESSION_INVALID", SESSION_INVALID)
    assert call(client, "GET", "/afiliados/sesion", token=old)[0] == 401  # what the other tabs ask
    assert call(client, "GET", "/afiliados/sesion", token=renewed["token"])[0] == 204
    assert call(client, "POST", "/afiliados/sesion/cerrar", token=renewed["token"])[0] == 204
    assert call(client, "POST", "/afiliados/sesion/renovar", token=renewed["token"])[0] == 401  # logged out
    assert call(client, "POST", "/afiliados/sesion/renovar")[0] == 401


def test_renewal_ends_with_a_password_change_and_twelve_hours_after_the_login(client, directory, mailbox):
    mailed = register(client, directory, mailbox)
    session, other = affiliate_login(client, mailed), affiliate_login(client, mailed)["token"]
    call(client, "PUT", "/afiliados/cuenta/contrasena", {
        "contrasena_actual": mailed, "contrasena_nueva": NEW_PASSWORD, "confirmacion": NEW_PASSWORD},
        token=session["token"])
    assert call(client, "POST", "/afiliados/sesion/renovar", token=other)[0] == 401  # signed out elsewhere
    token = affiliate_login(client, NEW_PASSWORD)["token"]
    renewed = call(client, "POST", "/afiliados/sesion/renovar", token=token)[1]["token"]
    claims = jwt.decode(renewed, options={"verify_signature": False})
    first = jwt.decode(token, options={"verify_signature": False})
    assert claims["auth_time"] == first["auth_time"] == first["iat"]
    now = int(time.time())
    old_login = jwt.encode({**claims, "jti": "cadena-vieja", "iat": now, "nbf": now,
                            "auth_time": now - MAX_SESSION_SECONDS - 1}, signing_key(), algorithm="HS256")
    status, refused = call(client, "POST", "/afiliados/sesion/renovar", token=old_login)
    assert (status, refused["code"], refused["message"]) == (401, "SESSION_EXPIRED", SESSION_TOO_OLD)


def test_renewal_is_for_affiliates_sessions_only(client, directory, mailbox):
    provider = factories.provider()
    factories.membership(factories.person(), provider)
    provider_token = login(client, "1032456789")
    status, refused = call(client, "POST", "/afiliados/sesion/renovar", token=provider_token)
    assert (status, refused["code"]) == (403, "PROVIDER_SESSION_REFUSED")
    affiliate_token = affiliate_login(client, register(client, directory, mailbox))["token"]
    status, refused = call(client, "POST", "/sesion/renovar", token=affiliate_token)
    assert (status, refused["code"]) == (403, "AFFILIATE_SESSION_REFUSED")
    assert call(client, "POST", "/afiliados/sesion/renovar", token=affiliate_token)[0] == 200
