"""Seed 002 §3: login, enumeration resistance, throttling, tokens, logout and provider switch."""

from __future__ import annotations

import base64
import json
import time

import jwt
import pytest

from chalicelib import wiring
from chalicelib.accounts import throttling
from chalicelib.accounts.models import MembershipRecord, PersonRecord
from chalicelib.common import clock
from chalicelib.security.keys import signing_key
from tests import factories
from tests.api.client import call

LOGIN = {"tipo_documento": "CC", "numero_documento": "1032456789", "contrasena": factories.PASSWORD}


@pytest.fixture
def admin(aws):
    provider = factories.provider()
    person = factories.person()
    factories.membership(person, provider)
    return person


def login(client, **overrides):
    return call(client, "POST", "/sesion", {**LOGIN, **overrides})


def test_login_opens_a_session_scoped_to_the_provider(client, admin):
    status, body = login(client)
    assert status == 200
    claims = jwt.decode(body["token"], options={"verify_signature": False})
    assert claims["prv"] == "NI#900123456" and claims["aud"] == "oficina-virtual"
    status, me = call(client, "GET", "/sesion", token=body["token"])
    assert status == 200
    assert me["prestador_actual"]["razon_social"] == "Clínica Demo del Valle S.A.S."
    assert me["rol"] == "Perfil Prestador oficina virtual"
    assert me["permisos"] == ["CARTERA", "GLOSAS", "INDICADORES", "PAGOS"]
    assert me["opciones_mi_cuenta"] == ["USUARIOS", "CAMBIAR_CONTRASENA", "MI_PERFIL", "AUDITORIA"]


def test_unknown_user_and_wrong_password_get_the_same_answer(client, admin):
    wrong_password = login(client, contrasena="Otra2024clave")
    unknown_user = login(client, numero_documento="7777777")
    assert wrong_password == unknown_user
    assert wrong_password[0] == 401
    assert wrong_password[1]["code"] == "INVALID_CREDENTIALS"


@pytest.fixture
def verifications():
    """The stored hashes argon2 verified against, in order."""
    from chalicelib.security import passwords

    checked: list[str] = []
    real = passwords.OWASP_HASHER

    class CountingHasher:
        def verify(self, stored, password):
            checked.append(stored)
            return real.verify(stored, password)

        def __getattr__(self, name):
            return getattr(real, name)

    passwords.use_hasher(CountingHasher())
    yield checked
    passwords.use_hasher(None)


def test_unknown_user_and_wrong_password_do_the_same_hashing_work(client, admin, verifications):
    """What makes their timing alike, counted instead of timed (wall-clock asserts flake on a loaded machine)."""

    def argon2_runs(**overrides) -> int:
        verifications.clear()
        assert login(client, **overrides)[0] == 401
        return len(verifications)

    known = argon2_runs(contrasena="Mala2024clave")
    unknown = argon2_runs(numero_documento="88888001")
    # Both run the same argon2id verifications; without the dummy hash the unknown user would run none.
    assert known == unknown >= 1


def test_repeated_failures_are_throttled_for_that_ip_only(client, admin, monkeypatch):
    for _ in range(throttling.FREE_FAILURES):
        assert login(client, contrasena="Mala2024clave")[0] == 401
    status, body = login(client)
    assert status == 429
    assert body["code"] == "LOGIN_THROTTLED"
    # The same answer for an identity that does not exist: throttling reveals nothing either.
    for _ in range(throttling.FREE_FAILURES):
        login(client, numero_documento="99999999", contrasena="Mala2024clave")
    assert login(client, numero_documento="99999999")[0] == 429
    # The real user, from another network, is not locked out by the attacker's failures.
    from chalicelib.api import accounts
    monkeypatch.setattr(accounts, "client_ip", lambda request: "203.0.113.77")
    assert login(client)[0] == 200


def test_throttle_delay_grows_and_is_capped():
    assert [throttling.delay_after(n) for n in (1, 4, 5, 6, 7)] == [0, 0, 30, 60, 120]
    assert throttling.delay_after(40) == throttling.MAX_DELAY_SECONDS


def test_throttle_expires(client, admin, clock_at):
    for _ in range(throttling.FREE_FAILURES):
        login(client, contrasena="Mala2024clave")
    assert login(client)[0] == 429
    clock_at(clock.epoch_seconds() + throttling.FIRST_DELAY_SECONDS + 1)
    assert login(client)[0] == 200


def _forge(payload: dict, header: dict) -> str:
    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part(header)}.{part(payload)}."


@pytest.mark.parametrize("tamper", ["signature", "alg_none", "expired", "audience", "other_key", "garbage"])
def test_bad_tokens_are_refused(client, admin, tamper):
    token = login(client)[1]["token"]
    claims = jwt.decode(token, options={"verify_signature": False})
    if tamper == "signature":
        token = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    elif tamper == "alg_none":
        token = _forge({**claims, "prv": "NI#800200300"}, {"alg": "none", "typ": "JWT"})
    elif tamper == "expired":
        token = jwt.encode({**claims, "exp": int(time.time()) - 10}, signing_key(), algorithm="HS256")
    elif tamper == "audience":
        token = jwt.encode({**claims, "aud": "otra-app"}, signing_key(), algorithm="HS256")
    elif tamper == "other_key":
        token = jwt.encode(claims, b"x" * 48, algorithm="HS256")
    elif tamper == "garbage":
        token = "no.es.un-token"
    else:
        token = ""
    status, body = call(client, "GET", "/sesion", token=token)
    assert status == 401
    assert body["code"] == "SESSION_INVALID"


def test_missing_token_is_refused_by_the_gateway(client, admin):
    # API Gateway answers this one itself (its Spanish body is the GatewayResponse in infra/resources.yml).
    assert call(client, "GET", "/sesion")[0] == 401


def test_logout_revokes_the_token(client, admin):
    token = login(client)[1]["token"]
    assert call(client, "DELETE", "/sesion", token=token)[0] == 204
    assert call(client, "GET", "/sesion", token=token)[0] == 401


def test_password_change_elsewhere_revokes_existing_tokens(client, admin):
    token = login(client)[1]["token"]
    PersonRecord.get(admin.person_id).update(actions=[PersonRecord.token_version.add(1)])
    assert call(client, "GET", "/sesion", token=token)[1]["code"] == "SESSION_INVALID"


def test_deactivated_user_is_refused_at_once(client, admin):
    token = login(client)[1]["token"]
    MembershipRecord.get(admin.person_id, "NI#900123456").update(actions=[MembershipRecord.state.set("INACTIVA")])
    status, body = call(client, "GET", "/sesion", token=token)
    assert (status, body["code"]) == (401, "USER_INACTIVE")
    status, body = login(client)
    assert (status, body["code"]) == (403, "NO_ACTIVE_PROVIDER")


def test_user_of_several_providers_picks_and_switches(client, admin):
    other = factories.provider("800200300", "Hospital Andino")
    factories.membership(admin, other, role="DELEGADO", menus={"PAGOS"})
    status, body = login(client)
    assert status == 200
    assert [p["razon_social"] for p in body["prestadores"]] == ["Clínica Demo del Valle S.A.S.", "Hospital Andino"]

    status, body = login(client, prestador_id="NI#800200300")
    assert (status, body["rol"], body["permisos"]) == (200, "DELEGADO", ["PAGOS"])

    status, switched = call(client, "PUT", "/sesion/prestador", {"prestador_id": "NI#900123456"}, token=body["token"])
    assert status == 200 and switched["rol"] == "ADMINISTRADOR"
    assert call(client, "GET", "/sesion", token=body["token"])[0] == 401  # the old session is closed

    status, refused = call(client, "PUT", "/sesion/prestador", {"prestador_id": "NI#811111111"},
                           token=switched["token"])
    assert (status, refused["code"]) == (403, "PROVIDER_NOT_ALLOWED")
    assert login(client, prestador_id="NI#811111111")[0] == 403


def test_renewal_gives_a_new_token_and_ends_the_old_one(client, admin):
    """Issue 22: an active user's short-lived token is renewed by the API; the old token stops at once."""
    old = login(client)[1]["token"]
    status, body = call(client, "POST", "/sesion/renovar", token=old)
    assert status == 200, body
    assert body["token"] != old and body["expira_en"] > 0
    assert body["prestador_actual"]["prestador_id"] == "NI#900123456"
    assert call(client, "GET", "/sesion", token=old)[0] == 401
    assert call(client, "GET", "/sesion", token=body["token"])[0] == 200
    assert call(client, "POST", "/sesion/renovar", token=old)[0] == 401  # a revoked token renews nothing


def test_renewal_keeps_revocation_semantics(client, admin):
    token = login(client)[1]["token"]
    call(client, "PUT", "/cuenta/contrasena", {"contrasena_actual": factories.PASSWORD,
                                               "contrasena_nueva": "Tornillo-Azul-Marea7",
                                               "confirmacion": "Tornillo-Azul-Marea7"}, token=token)
    assert call(client, "POST", "/sesion/renovar", token=token)[0] == 401  # a password change ended it
    token = login(client, contrasena="Tornillo-Azul-Marea7")[1]["token"]
    membership = MembershipRecord.get(admin.person_id, "NI#900123456")
    membership.update(actions=[MembershipRecord.state.set("INACTIVA")])
    status, body = call(client, "POST", "/sesion/renovar", token=token)
    assert (status, body["code"]) == (401, "USER_INACTIVE")
    assert call(client, "POST", "/sesion/renovar")[0] == 401


def test_a_renewal_chain_ends_twelve_hours_after_the_login(client, admin):
    """Renewals carry the login's time (`auth_time`): a stolen token cannot be renewed for ever."""
    token = login(client)[1]["token"]
    renewed = call(client, "POST", "/sesion/renovar", token=token)[1]["token"]
    claims = jwt.decode(renewed, options={"verify_signature": False})
    first = jwt.decode(token, options={"verify_signature": False})
    assert claims["auth_time"] == first["auth_time"] == first["iat"]
    now = int(time.time())
    old_login = jwt.encode({**claims, "jti": "cadena-vieja", "iat": now, "nbf": now, "auth_time": now - 12 * 3600 - 1},
                           signing_key(), algorithm="HS256")
    assert call(client, "GET", "/sesion", token=old_login)[0] == 200  # still valid until its own expiry...
    status, body = call(client, "POST", "/sesion/renovar", token=old_login)
    assert (status, body["code"]) == (401, "SESSION_EXPIRED")  # ...but never renewed past the maximum age
    assert "12 horas" in body["message"]


def test_one_token_renews_once_even_when_two_requests_race(client, admin):
    """Two tabs (or a thief racing the owner) that both passed the authorizer cannot fork the session in two."""
    from chalicelib.common.errors import NotAuthenticated

    session = login(client)[1]
    principal = wiring.sessions().authenticate(session["token"])
    wiring.sessions().renew(principal)
    with pytest.raises(NotAuthenticated):
        wiring.sessions().renew(principal)
