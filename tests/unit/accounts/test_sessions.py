"""SessionService on in-memory fakes: login, throttling by device, resets, audit context, sessions."""

from __future__ import annotations

import pytest

from chalicelib.accounts import throttling
from chalicelib.accounts.schemas import LoginRequest
from chalicelib.audit.trail import AuditEvent
from chalicelib.common.errors import NotAuthenticated, PermissionDenied, TooManyRequests
from chalicelib.security.passwords import hash_password
from tests.unit.accounts.fakes import PASSWORD, membership, person, provider

NAT = "198.51.100.7"


@pytest.fixture
def ana(accounts):
    clinic, ana = provider(), person()
    accounts.repo.add(clinic, ana, membership(ana, clinic))
    return ana


def login(accounts, password=PASSWORD, doc="1032456789", ip=NAT, cookie=None, **extra):
    form = LoginRequest(tipo_documento="CC", numero_documento=doc, contrasena=password, **extra)
    return accounts.sessions.login(form, ip, cookie)


def fail(accounts, times, **kwargs):
    for _ in range(times):
        with pytest.raises(NotAuthenticated):
            login(accounts, password="Mala2024clave", **kwargs)


def test_login_opens_a_session_for_the_provider_and_remembers_the_browser(accounts, ana):
    session = login(accounts)
    assert session.principal.provider_id == "NI#900123456"
    assert accounts.sessions.authenticate(session.token).person_id == ana.person_id
    assert session.device_cookie and session.consent_required
    assert [e.event for e in accounts.trail.events] == [AuditEvent.LOGIN_OK.value]


def test_unknown_browsers_are_throttled_per_identity_and_ip_even_with_the_right_password(accounts, ana):
    fail(accounts, throttling.FREE_FAILURES)
    with pytest.raises(TooManyRequests):
        login(accounts)
    assert login(accounts, ip="203.0.113.9").principal.person_id == ana.person_id  # another network


def test_strangers_filling_the_ip_window_do_not_reach_a_known_browser(accounts, ana):
    cookie = login(accounts).device_cookie
    fail(accounts, throttling.FREE_FAILURES)
    for n in range(throttling.IP_MAX_FAILURES - throttling.FREE_FAILURES):
        with pytest.raises(NotAuthenticated):
            login(accounts, doc=str(70000000 + n), password="Mala2024clave")
    with pytest.raises(TooManyRequests):
        login(accounts, doc="70000999")  # the IP's window is full, for every identity
    with pytest.raises(TooManyRequests):
        login(accounts)
    assert login(accounts, cookie=cookie).principal.person_id == ana.person_id


def test_a_known_browser_has_its_own_ladder_and_a_success_resets_it(accounts, ana):
    cookie = login(accounts).device_cookie
    fail(accounts, throttling.FREE_FAILURES, cookie=cookie)
    with pytest.raises(TooManyRequests) as refused:
        login(accounts, cookie=cookie)
    assert refused.value.retry_after_seconds == throttling.FIRST_DELAY_SECONDS
    accounts.clock.value += throttling.FIRST_DELAY_SECONDS
    assert login(accounts, cookie=cookie)
    fail(accounts, throttling.FREE_FAILURES - 1, cookie=cookie)  # the ladder starts again
    assert login(accounts, cookie=cookie)


def test_one_browser_keeps_the_entries_of_several_people(accounts, ana):
    clinic = accounts.repo.get_provider("NI#900123456")
    luis = person("80111222")
    accounts.repo.add(luis, membership(luis, clinic, role="DELEGADO"))
    cookie = login(accounts).device_cookie
    cookie = login(accounts, doc="80111222", cookie=cookie).device_cookie
    fail(accounts, throttling.FREE_FAILURES)  # a stranger on Ana, from another browser
    assert login(accounts, cookie=cookie).principal.person_id == ana.person_id


def test_an_emailed_reset_is_promoted_on_first_use(accounts, ana):
    accounts.repo.set_pending_password(ana, hash_password("Emailed2024x"), accounts.clock() + 3600)
    session = login(accounts, password="Emailed2024x")
    assert session.principal.must_change_password
    stored = accounts.repo.get_person(ana.person_id)
    assert stored.token_version == 2 and stored.pending_password_hash is None
    assert accounts.trail.of(AuditEvent.PASSWORD_RESET)[0].provider_id == "NI#900123456"


def test_the_old_password_drops_a_pending_reset(accounts, ana):
    accounts.repo.set_pending_password(ana, hash_password("Emailed2024x"), accounts.clock() + 3600)
    login(accounts)
    assert accounts.repo.get_person(ana.person_id).pending_password_hash is None
    with pytest.raises(NotAuthenticated):
        login(accounts, password="Emailed2024x")


def test_a_failure_is_a_providers_only_when_named_and_active_there(accounts, ana):
    other = provider("900999888", "Otra IPS")
    accounts.repo.add(other, membership(ana, other, state="INACTIVA"))
    fail(accounts, 1, prestador_id="NI#900123456")
    fail(accounts, 1, prestador_id="NI#900999888")
    fail(accounts, 1)
    assert [e.provider_id for e in accounts.trail.of(AuditEvent.LOGIN_FAILED)] == ["NI#900123456", None, None]


def test_logout_and_inactivation_close_sessions(accounts, ana):
    session = login(accounts)
    accounts.sessions.logout(session.principal)
    with pytest.raises(NotAuthenticated):
        accounts.sessions.authenticate(session.token)
    session = login(accounts)
    before = accounts.repo.get_membership(ana.person_id, "NI#900123456")
    accounts.repo.set_membership_state(before, "INACTIVA", at=None, close_sessions=True)
    accounts.repo.set_membership_state(before, "ACTIVA", at=None, close_sessions=False)
    with pytest.raises(NotAuthenticated):
        accounts.sessions.authenticate(session.token)


def test_operators_only_ever_get_the_operators_tenant(accounts):
    from chalicelib.accounts.permissions import OPERATIONS_TENANT
    from chalicelib.accounts.values import Membership

    olga, clinic = person("52000222"), provider()
    operator = Membership(person_id=olga.person_id, provider_id=OPERATIONS_TENANT, role="OPERADOR",
                          primer_nombre="Olga", primer_apellido="Ruiz", cargo="Operador", area="Operaciones",
                          correo=olga.correo, created_at=None, updated_at=None)
    accounts.repo.add(clinic, olga, operator, membership(olga, clinic))
    assert login(accounts, doc="52000222").principal.provider_id == OPERATIONS_TENANT
    with pytest.raises(PermissionDenied):
        login(accounts, doc="52000222", prestador_id="NI#900123456")
