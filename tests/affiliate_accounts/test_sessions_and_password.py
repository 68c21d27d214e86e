"""Issue 23 login, recovery and password change of affiliates, on the fakes."""

from __future__ import annotations

import pytest

from chalicelib.accounts.password_policy import AFFILIATE_CONTEXTUAL, CONTEXTUAL
from chalicelib.accounts.sessions import INVALID_CREDENTIALS
from chalicelib.accounts.user_schemas import PasswordChange, PasswordRecovery
from chalicelib.affiliate_accounts.account import RECOVERY_ANSWER
from chalicelib.affiliate_accounts.schemas import AffiliateLoginRequest
from chalicelib.audit.trail import AuditEvent
from chalicelib.common.errors import InvalidInput, NotAuthenticated, NotFound, TooManyRequests
from chalicelib.security.tokens import InvalidToken, TokenService
from tests.affiliate_accounts.fakes import affiliate
from tests.affiliate_accounts.helpers import IP, mailed_password, register
from tests.unit.accounts.fakes import KEY

NEW_PASSWORD = "Girasol-Nublado-47"


def login(svc, password: str, numero: str = "1032456789"):
    return svc.sessions.login(AffiliateLoginRequest(tipo_documento="CC", numero_documento=numero,
                                                    contrasena=password), IP)


def change(svc, principal, current: str, new: str = NEW_PASSWORD):
    svc.account.change_password(principal, PasswordChange(contrasena_actual=current, contrasena_nueva=new,
                                                          confirmacion=new), IP)


def test_the_mailed_password_opens_a_session_that_must_change_it(svc):
    session = login(svc, register(svc))
    assert session.principal.must_change_password
    assert svc.sessions.authenticate(session.token) == session.principal


def test_wrong_password_and_unknown_document_get_the_same_answer_then_throttled(svc):
    register(svc)
    with pytest.raises(NotAuthenticated) as wrong:
        login(svc, "Otra2024clave")
    with pytest.raises(NotAuthenticated) as unknown:
        login(svc, "Otra2024clave", numero="7777777")
    assert wrong.value.message == unknown.value.message == INVALID_CREDENTIALS
    for _ in range(4):
        with pytest.raises(NotAuthenticated):
            login(svc, "Otra2024clave")
    with pytest.raises(TooManyRequests):
        login(svc, "Otra2024clave")


def test_token_audiences_are_kept_apart(svc):
    session = login(svc, register(svc))
    providers = TokenService(lambda: KEY, issuer="test", audience="oficina-virtual", ttl_seconds=900)
    with pytest.raises(InvalidToken):
        providers.verify(session.token)
    provider_token, _ = providers.issue(person_id="CC#1032456789", provider_id="NI#900123456", token_version=1,
                                        membership_version=1, now=svc.clock())
    with pytest.raises(NotAuthenticated):
        svc.sessions.authenticate(provider_token)


def test_password_change_serves_from_the_next_login_and_closes_other_sessions(svc):
    mailed = register(svc)
    first, other = login(svc, mailed), login(svc, mailed)
    with pytest.raises(InvalidInput) as refused:  # the mailed password cannot be kept
        change(svc, first.principal, mailed, mailed)
    assert refused.value.details[0]["campo"] == "contrasena_nueva"
    change(svc, first.principal, mailed)
    with pytest.raises(NotAuthenticated):
        svc.sessions.authenticate(other.token)
    reopened = svc.sessions.reopen(first.principal.identity)
    assert not reopened.principal.must_change_password
    with pytest.raises(NotAuthenticated):
        login(svc, mailed)
    assert not login(svc, NEW_PASSWORD).principal.must_change_password
    notice = svc.mailer.sent[-1]
    assert notice.subject == "Cambio de contraseña Oficina Virtual Afiliados"
    assert NEW_PASSWORD not in notice.text and mailed not in notice.text and "Contraseña:" not in notice.text


@pytest.mark.parametrize("new", ["Warner-Nublado-47", "Girasol-Cali-4721"])
def test_a_password_with_the_affiliates_name_or_city_is_refused_naming_their_own_context(svc, new):
    mailed = register(svc)
    with pytest.raises(InvalidInput) as refused:
        change(svc, login(svc, mailed).principal, mailed, new)
    messages = [d["mensaje"] for d in refused.value.details if d["campo"] == "contrasena_nueva"]
    assert AFFILIATE_CONTEXTUAL in messages and CONTEXTUAL not in messages  # no prestador in an affiliate's account


def test_a_wrong_current_password_is_refused(svc):
    session = login(svc, register(svc))
    with pytest.raises(InvalidInput) as error:
        change(svc, session.principal, "NoEsLaClave2024")
    assert error.value.details[0]["campo"] == "contrasena_actual"


def test_logout_ends_the_token(svc):
    session = login(svc, register(svc))
    svc.sessions.logout(session.principal, IP)
    with pytest.raises(NotAuthenticated):
        svc.sessions.authenticate(session.token)


def test_recovery_answers_alike_and_mails_only_a_registered_affiliate(svc):
    old = register(svc)
    sent_before = len(svc.mailer.sent)
    known = svc.account.recover(PasswordRecovery(tipo_documento="CC", numero_documento="1032456789"), IP)
    unknown = svc.account.recover(PasswordRecovery(tipo_documento="CC", numero_documento="7777777"), IP)
    assert known == unknown == RECOVERY_ANSWER
    assert len(svc.background) == 2 and len(svc.mailer.sent) == sent_before  # the work is done apart
    svc.run_background()
    assert len(svc.mailer.sent) == sent_before + 1
    reset = mailed_password(svc.mailer.sent[-1].text)
    assert login(svc, old).principal.must_change_password  # the old password still works (and drops the reset)
    with pytest.raises(NotAuthenticated):
        login(svc, reset)


def test_a_used_recovery_password_must_be_changed(svc):
    register(svc)
    svc.account.recover(PasswordRecovery(tipo_documento="CC", numero_documento="1032456789"), IP)
    svc.run_background()
    session = login(svc, mailed_password(svc.mailer.sent[-1].text))
    assert session.principal.must_change_password
    assert svc.trail.of(AuditEvent.PASSWORD_RESET)


def test_operators_fix_a_mistyped_email_audited(svc):
    from chalicelib.accounts.permissions import OPERATIONS_TENANT, Principal, Role

    register(svc)
    operator = Principal(person_id="CC#5000", provider_id=OPERATIONS_TENANT, role=Role.OPERADOR,
                         menus=frozenset(), session_id="s", must_change_password=False)
    ref = svc.directory.find("CC#1032456789").ref
    svc.account.correct_email(operator, ref, "Warner.Bien@correo.example.co", IP)
    assert svc.accounts.get("CC#1032456789").correo == "warner.bien@correo.example.co"
    event = svc.trail.of(AuditEvent.AFFILIATE_EMAIL_CORRECTED)[0]
    assert (event.provider_id, event.actor_id, event.subject_id) == (OPERATIONS_TENANT, "CC#5000", "CC#1032456789")
    assert svc.mailer.sent[-1].to == "warner.bien@correo.example.co" and "Contraseña:" not in svc.mailer.sent[-1].text
    svc.directory.add(affiliate("CC", "52000111"))
    with pytest.raises(NotFound):  # an affiliate without an account
        svc.account.correct_email(operator, svc.directory.find("CC#52000111").ref, "x@y.co", IP)
