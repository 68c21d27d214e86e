"""Issue 8, defect 3: strangers behind the clinic's one public IP cannot lock the owner out.

The guessing limits stay (a correct password never skips them), but a browser that got in before has its
own allowance (device cookie), the owner can make any browser known through the registered email, and a
password change is never judged on strangers' login failures.
"""

from __future__ import annotations

import json
import re

import pytest

from chalicelib.accounts import throttling
from chalicelib.accounts.devices import COOKIE_NAME
from tests import factories

CLINIC_IP = "198.51.100.7"  # the clinic's NAT: the owner and the attacker share it
OWNER = "1032456789"


@pytest.fixture(autouse=True)
def shared_ip(monkeypatch):
    """Requests come from the address the test names (header X-Test-IP), the clinic's by default."""
    from chalicelib.api import accounts, my_account

    def from_header(request):
        return request.headers.get("x-test-ip", CLINIC_IP)

    monkeypatch.setattr(accounts, "client_ip", from_header)
    monkeypatch.setattr(my_account, "client_ip", from_header)
    # The real window is 100 failures per IP; a smaller one keeps the test quick and changes nothing else.
    monkeypatch.setattr(throttling, "IP_MAX_FAILURES", 20)


@pytest.fixture
def owner(pipelines):
    provider = factories.provider()
    person = factories.person(OWNER)
    factories.membership(person, provider)
    return person


def request(client, method, path, body=None, *, cookie=None, token=None, ip=CLINIC_IP):
    headers = {"Content-Type": "application/json", "X-Test-IP": ip}
    if cookie:
        headers["Cookie"] = f"{COOKIE_NAME}={cookie}"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    response = client.http.request(method, path, headers=headers, body=json.dumps(body) if body else b"")
    return response.status_code, json.loads(response.body) if response.body else None, response.headers


def login(client, doc=OWNER, password=factories.PASSWORD, **kwargs):
    return request(client, "POST", "/sesion", {"tipo_documento": "CC", "numero_documento": doc,
                                               "contrasena": password}, **kwargs)


def device_cookie(headers) -> str:
    found = re.match(rf"{COOKIE_NAME}=([^;]+);", headers.get("Set-Cookie") or headers.get("set-cookie") or "")
    assert found, headers
    return found.group(1)


def attack(client, *, victim_failures=throttling.FREE_FAILURES + 2):
    """What a stranger behind the same IP can do: fill the IP's window and lock the victim's (identity, IP)."""
    for n in range(throttling.IP_MAX_FAILURES):
        login(client, doc=str(70000000 + n), password="Mala2024clave")
    for _ in range(victim_failures):
        login(client, password="Mala2024clave")


def test_a_known_browser_gets_in_while_strangers_lock_the_shared_ip(client, owner):
    status, _, headers = login(client)
    assert status == 200
    cookie = device_cookie(headers)
    assert "HttpOnly" in headers["Set-Cookie"] and "Secure" in headers["Set-Cookie"]
    attack(client)
    # The limits hold: from that IP, a browser the owner never used is refused even with the right password...
    status, body, _ = login(client)
    assert (status, body["code"]) == (429, "LOGIN_THROTTLED")
    # ...but the owner's own browser has its own allowance.
    status, body, _ = login(client, cookie=cookie)
    assert status == 200, body


def test_paced_failures_do_not_keep_a_known_browser_locked(client, owner, clock_at):
    from chalicelib.common import clock

    cookie = device_cookie(login(client)[2])
    start = clock.epoch_seconds()
    for quarter in range(12):  # one failure every 15 minutes for three hours
        clock_at(start + quarter * throttling.IP_WINDOW_SECONDS)
        login(client, password="Mala2024clave")  # the stranger's paced failure
        if quarter >= throttling.FREE_FAILURES - 1:
            assert login(client)[0] == 429  # unknown browsers behind that IP stay slowed down
        assert login(client, cookie=cookie)[0] == 200


def test_a_cookie_is_bound_to_its_person(client, owner):
    """The attacker's own device cookie (they have an account too) gives no allowance on the victim."""
    attacker = factories.person("80111222", password="Atacante2024clave")
    factories.membership(attacker, factories.provider("900999888", "Otra IPS S.A.S."))
    cookie = device_cookie(login(client, doc="80111222", password="Atacante2024clave")[2])
    for _ in range(throttling.FREE_FAILURES):
        login(client, password="Mala2024clave", cookie=cookie)
    assert login(client, cookie=cookie)[0] == 429
    assert login(client, doc="80111222", password="Atacante2024clave", cookie=cookie)[0] == 200


def test_a_known_browser_is_throttled_on_its_own_failures(client, owner):
    cookie = device_cookie(login(client)[2])
    for _ in range(throttling.FREE_FAILURES):
        assert login(client, password="Mala2024clave", cookie=cookie)[0] == 401
    status, body, _ = login(client, cookie=cookie)
    assert (status, body["code"]) == (429, "LOGIN_THROTTLED")
    # Its failures are its own: a browser elsewhere is not slowed down by them.
    assert login(client, ip="203.0.113.50")[0] == 200


def test_strangers_failures_never_block_a_password_change(client, owner):
    token = login(client)[1]["token"]
    attack(client)
    status, body, _ = request(client, "PUT", "/cuenta/contrasena", {
        "contrasena_actual": factories.PASSWORD, "contrasena_nueva": "Nueva2024Clave",
        "confirmacion": "Nueva2024Clave"}, token=token)
    assert status == 200, body


def test_unlock_through_the_registered_email(client, owner, mailbox):
    attack(client)
    assert login(client)[0] == 429
    unknown = request(client, "POST", "/sesion/desbloqueo", {"tipo_documento": "CC", "numero_documento": "55555"})
    known = request(client, "POST", "/sesion/desbloqueo", {"tipo_documento": "CC", "numero_documento": OWNER})
    assert known[:2] == unknown[:2] and known[0] == 202
    emails = mailbox()
    assert [m.destinations["ToAddresses"] for m in emails] == [[owner.correo]]  # nothing for the unknown document
    code = re.search(r"/portal/#/desbloquear/([A-Za-z0-9_-]+)", emails[0].body).group(1)
    status, _, headers = request(client, "POST", "/sesion/desbloqueo/confirmar", {"codigo": code})
    assert status == 200
    cookie = device_cookie(headers)
    assert login(client, cookie=cookie)[0] == 200
    assert login(client)[0] == 429  # the attacker's browser is still slowed down
    status, body, _ = request(client, "POST", "/sesion/desbloqueo/confirmar", {"codigo": code})
    assert (status, body["code"]) == (404, "UNLOCK_INVALID")  # one use only


def test_unlock_requests_are_rate_limited_alike(client, owner, mailbox):
    from chalicelib.accounts.unlock import UNLOCK_PER_IDENTITY_PER_HOUR

    for doc in (OWNER, "55555"):
        for _ in range(UNLOCK_PER_IDENTITY_PER_HOUR):
            assert request(client, "POST", "/sesion/desbloqueo", {"tipo_documento": "CC",
                                                                  "numero_documento": doc})[0] == 202
        status, body, _ = request(client, "POST", "/sesion/desbloqueo", {"tipo_documento": "CC",
                                                                         "numero_documento": doc})
        assert (status, body["code"]) == (429, "UNLOCK_THROTTLED")
    assert len(mailbox()) == UNLOCK_PER_IDENTITY_PER_HOUR
