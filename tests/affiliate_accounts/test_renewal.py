"""Renewal of an affiliate's session while the affiliate works (the providers' rule, accounts/renewal.py), on the
fakes: a new token, the old one revoked; once per token; never past 12 hours from the login; not audited."""

from __future__ import annotations

import pytest

from chalicelib.accounts.renewal import MAX_SESSION_SECONDS, SESSION_INVALID, SESSION_TOO_OLD
from chalicelib.common.errors import NotAuthenticated
from tests.affiliate_accounts.helpers import register
from tests.affiliate_accounts.test_sessions_and_password import change, login


def test_renewal_gives_a_new_token_and_ends_the_old_one(svc):
    session = login(svc, register(svc))
    renewed = svc.sessions.renew(session.principal)
    assert renewed.token != session.token and renewed.expires_in == 900
    assert renewed.principal.identity == session.principal.identity
    assert renewed.principal.must_change_password  # a renewal does not lift the forced change
    assert svc.sessions.authenticate(renewed.token) == renewed.principal
    with pytest.raises(NotAuthenticated):
        svc.sessions.authenticate(session.token)


def test_one_token_renews_once(svc):
    session = login(svc, register(svc))
    svc.sessions.renew(session.principal)
    with pytest.raises(NotAuthenticated) as second:  # a second tab, or a thief racing the owner
        svc.sessions.renew(session.principal)
    assert (second.value.code, second.value.message) == ("SESSION_INVALID", SESSION_INVALID)


def test_a_logged_out_token_cannot_renew(svc):
    session = login(svc, register(svc))
    svc.sessions.logout(session.principal)
    with pytest.raises(NotAuthenticated) as refused:
        svc.sessions.renew(session.principal)
    assert refused.value.code == "SESSION_INVALID"


def test_a_password_change_ends_what_could_be_renewed(svc):
    mailed = register(svc)
    first, other = login(svc, mailed), login(svc, mailed)
    change(svc, first.principal, mailed)
    with pytest.raises(NotAuthenticated):  # the authorizer refuses the old token before any renewal
        svc.sessions.authenticate(other.token)


def test_the_chain_keeps_the_login_time_and_ends_twelve_hours_after_it(svc):
    session = login(svc, register(svc))
    renewed = svc.sessions.renew(session.principal)
    assert renewed.principal.authenticated_at == session.principal.authenticated_at
    svc.clock.value += MAX_SESSION_SECONDS + 1
    with pytest.raises(NotAuthenticated) as refused:
        svc.sessions.renew(renewed.principal)
    assert (refused.value.code, refused.value.message) == ("SESSION_EXPIRED", SESSION_TOO_OLD)


def test_renewals_are_not_audited(svc):
    session = login(svc, register(svc))
    before = len(svc.trail.events)
    svc.sessions.renew(session.principal)
    assert len(svc.trail.events) == before
