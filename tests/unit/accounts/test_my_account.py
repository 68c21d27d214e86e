"""MyAccountService and UnlockService on in-memory fakes: password change, recovery, unlock, consent, audit."""

from __future__ import annotations

import re

import pytest

from chalicelib.accounts import throttling
from chalicelib.accounts.consent import POLICY_VERSION
from chalicelib.accounts.schemas import LoginRequest
from chalicelib.accounts.unlock import LINK_VALID_SECONDS
from chalicelib.accounts.user_schemas import ConsentRequest, PasswordChange, PasswordRecovery
from chalicelib.audit.trail import AuditEvent
from chalicelib.common.errors import InvalidInput, NotAuthenticated, NotFound, TooManyRequests
from tests.unit.accounts.fakes import PASSWORD, membership, person, provider

NEW = "Nueva2024Clave"


@pytest.fixture
def ana(accounts):
    clinic, ana = provider(), person()
    accounts.repo.add(clinic, ana, membership(ana, clinic))
    return ana


def principal(accounts, password=PASSWORD, cookie=None, ip="198.51.100.7"):
    form = LoginRequest(tipo_documento="CC", numero_documento="1032456789", contrasena=password)
    return accounts.sessions.login(form, ip, cookie).principal


def change(accounts, who, current=PASSWORD, new=NEW):
    form = PasswordChange(contrasena_actual=current, contrasena_nueva=new, confirmacion=new)
    return accounts.my_account.change_password(who, form, "198.51.100.7")


def test_password_change_closes_sessions_and_notifies(accounts, ana):
    who = principal(accounts)
    change(accounts, who)
    assert accounts.repo.get_person(ana.person_id).token_version == 2
    assert accounts.mailer.sent[-1].to == ana.correo
    assert accounts.trail.of(AuditEvent.PASSWORD_CHANGED)[0].provider_id == "NI#900123456"


def test_password_change_failures_are_counted_per_person_not_per_ip(accounts, ana):
    who = principal(accounts)
    for n in range(throttling.IP_MAX_FAILURES):  # strangers behind the same IP fill its window
        with pytest.raises(NotAuthenticated):
            accounts.sessions.login(LoginRequest(tipo_documento="CC", numero_documento=str(70000000 + n),
                                                 contrasena="Mala2024clave"), "198.51.100.7")
    change(accounts, who)  # not blocked by them
    for _ in range(throttling.FREE_FAILURES):
        with pytest.raises(InvalidInput):
            change(accounts, who, current="Incorrecta2024", new="Otra2024Clavex")
    with pytest.raises(TooManyRequests):
        change(accounts, who, current=NEW, new="Otra2024Clavex")


def test_the_emailed_password_is_never_the_chosen_one(accounts, ana):
    accounts.my_account.recover(PasswordRecovery(tipo_documento="CC", numero_documento="1032456789"), "1.2.3.4")
    accounts.run_background()
    emailed = re.search(r"Contraseña: (\S+)", accounts.mailer.sent[-1].text).group(1)
    with pytest.raises(InvalidInput) as refused:
        change(accounts, principal(accounts), new=emailed)
    assert "No puede usar una contraseña que le enviamos por correo" in str(refused.value.details)


def test_recovery_does_the_same_for_known_and_unknown_documents(accounts, ana):
    for number in ("1032456789", "99999999"):
        answer = accounts.my_account.recover(PasswordRecovery(tipo_documento="CC", numero_documento=number), "1.2.3.4")
        assert answer.startswith("Si el documento está registrado")
    assert [p["person_id"] for p in accounts.background] == ["CC#1032456789", "CC#99999999"]
    accounts.run_background()
    assert [m.to for m in accounts.mailer.sent] == [ana.correo]
    stored = accounts.repo.get_person(ana.person_id)
    assert stored.pending_password_hash and stored.password_hash != stored.pending_password_hash  # old one works
    assert accounts.trail.of(AuditEvent.PASSWORD_RESET_REQUESTED)[0].provider_id is None


def test_unlock_link_makes_the_browser_known_once(accounts, ana):
    for _ in range(throttling.FREE_FAILURES):
        with pytest.raises(NotAuthenticated):
            principal(accounts, password="Mala2024clave")
    with pytest.raises(TooManyRequests):
        principal(accounts)
    accounts.unlock.request(PasswordRecovery(tipo_documento="CC", numero_documento="1032456789"), "198.51.100.7")
    accounts.unlock.request(PasswordRecovery(tipo_documento="CC", numero_documento="99999999"), "198.51.100.7")
    accounts.run_background()
    assert [m.to for m in accounts.mailer.sent] == [ana.correo]
    code = re.search(r"#/desbloquear/(\S+)", accounts.mailer.sent[0].text).group(1)
    cookie = accounts.unlock.confirm(code, "198.51.100.7", None)
    assert principal(accounts, cookie=cookie).person_id == ana.person_id
    with pytest.raises(NotFound):
        accounts.unlock.confirm(code, "198.51.100.7", None)
    assert len(accounts.trail.of(AuditEvent.DEVICE_UNLOCKED)) == 1


def test_an_unlock_link_expires(accounts, ana):
    accounts.unlock.request(PasswordRecovery(tipo_documento="CC", numero_documento="1032456789"), "1.2.3.4")
    accounts.run_background()
    code = re.search(r"#/desbloquear/(\S+)", accounts.mailer.sent[0].text).group(1)
    accounts.clock.value += LINK_VALID_SECONDS
    with pytest.raises(NotFound):
        accounts.unlock.confirm(code, "1.2.3.4", None)


def test_consent_is_recorded_and_shown_in_the_profile(accounts, ana):
    who = principal(accounts)
    assert accounts.my_account.profile(who).autorizacion_datos is None
    with pytest.raises(InvalidInput):
        accounts.my_account.give_consent(who, ConsentRequest(acepta_tratamiento_datos=True, version="PTD-1999"),
                                         "198.51.100.7")
    accounts.my_account.give_consent(who, ConsentRequest(acepta_tratamiento_datos=True, version=POLICY_VERSION),
                                     "198.51.100.7")
    shown = accounts.my_account.profile(who).autorizacion_datos
    assert (shown.version, shown.canal, shown.ip, shown.vigente) == (POLICY_VERSION, "SESION", "198.51.100.7", True)
    assert shown.aceptado_en == "2026-03-02T10:00:00-05:00"
    form = LoginRequest(tipo_documento="CC", numero_documento="1032456789", contrasena=PASSWORD)
    assert not accounts.sessions.login(form, "1.2.3.4").consent_required


def test_a_providers_audit_page_holds_only_its_events(accounts, ana):
    who = principal(accounts)
    accounts.my_account.recover(PasswordRecovery(tipo_documento="CC", numero_documento="1032456789"), "1.2.3.4")
    accounts.run_background()
    page = accounts.my_account.audit_events(who, limit=10, cursor=None)
    assert [e.evento for e in page.eventos] == [AuditEvent.LOGIN_OK.value]
