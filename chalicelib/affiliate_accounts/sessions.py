"""Affiliates' login by document, renewal, logout and the verification behind the authorizer (seed 003 §3).

Like the providers' (accounts/sessions.py): argon2id, the same throttle ladder, a mailed password that must be
changed, tokens re-checked on every request; but its own accounts and token audience ("afiliados")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from aws_lambda_powertools.metrics import MetricUnit

from chalicelib.accounts.people import typed_identity
from chalicelib.accounts.renewal import claim_renewal
from chalicelib.accounts.sessions import INVALID_CREDENTIALS, SESSION_INVALID
from chalicelib.accounts.throttling import Throttle
from chalicelib.affiliate_accounts.principal import KIND
from chalicelib.affiliate_accounts.repository import AffiliateAccount, AffiliateAccountRepository, pending_hash
from chalicelib.affiliate_accounts.schemas import AffiliateLoginRequest
from chalicelib.affiliates.types import AffiliatePrincipal
from chalicelib.audit.trail import AuditEvent, AuditTrail
from chalicelib.common import clock
from chalicelib.common.errors import NotAuthenticated, TooManyRequests
from chalicelib.common.observability import metrics
from chalicelib.security.passwords import hash_password, needs_rehash, verify_password
from chalicelib.security.tokens import InvalidToken, TokenService

# The throttle's keys of an affiliate's identity: apart from the same person's provider account.
THROTTLE_PREFIX = "afiliado|"


class Revocations(Protocol):
    """Closed sessions (the providers' table serves both: session ids are random)."""

    def revoke_session(self, session_id: str, expires_at: int) -> None: ...

    def revoke_session_once(self, session_id: str, expires_at: int) -> bool: ...

    def is_session_revoked(self, session_id: str) -> bool: ...


@dataclass(frozen=True, slots=True)
class AffiliateSession:
    token: str
    expires_in: int
    principal: AffiliatePrincipal


class AffiliateSessionService:
    def __init__(self, accounts: AffiliateAccountRepository, revocations: Revocations, throttle: Throttle,
                 tokens: TokenService, audit: AuditTrail, clock, now=clock.utcnow):
        self._accounts = accounts
        self._revocations = revocations
        self._throttle = throttle
        self._tokens = tokens
        self._audit = audit
        self._clock = clock  # () -> epoch seconds
        self._now = now

    def login(self, form: AffiliateLoginRequest, client_ip: str) -> AffiliateSession:
        now = self._clock()
        identity = typed_identity(form.tipo_documento, form.numero_documento)
        keys = self._throttle.unknown_device(THROTTLE_PREFIX + identity, client_ip, now)
        wait = self._throttle.seconds_to_wait(keys, now)
        if wait:
            metrics.add_metric(name="AffiliateLoginThrottled", unit=MetricUnit.Count, value=1)
            raise TooManyRequests(f"Demasiados intentos fallidos. Intente de nuevo en {max(1, -(-wait // 60))} "
                                  "minuto(s)", retry_after_seconds=wait, code="LOGIN_THROTTLED")
        account = self._accounts.get(identity)
        # Both checks always run (a dummy hash stands in), so timing tells nothing about an account or a reset.
        password_ok = verify_password(account.password_hash if account else None, form.contrasena)
        pending_ok = verify_password(pending_hash(account, now) if account else None, form.contrasena)
        if not (password_ok or pending_ok):
            self._throttle.record_failure(keys, now)
            self._audit.record(AuditEvent.LOGIN_FAILED, provider_id=None,
                               subject_id=identity if account else None, source_ip=client_ip)
            raise NotAuthenticated(INVALID_CREDENTIALS, code="INVALID_CREDENTIALS")
        self._throttle.record_success(keys)
        if password_ok and account.pending_password_hash:
            account = self._accounts.drop_pending_password(identity)  # remembered: an unasked reset stops working
        elif not password_ok:
            account = self._accounts.promote_pending_password(account, self._now())
            self._audit.record(AuditEvent.PASSWORD_RESET, provider_id=None, actor_id=identity, subject_id=identity,
                               source_ip=client_ip)
        if needs_rehash(account.password_hash):
            account = self._accounts.rehash_password(identity, hash_password(form.contrasena))
        self._audit.record(AuditEvent.LOGIN_OK, provider_id=None, actor_id=identity, source_ip=client_ip)
        return self._open(account, now)

    def authenticate(self, token: str) -> AffiliatePrincipal:
        """Everything re-read on each request: a password change or a logout applies at once."""
        try:
            claims = self._tokens.verify(token)
        except InvalidToken as exc:
            raise NotAuthenticated(SESSION_INVALID, code="SESSION_INVALID") from exc
        account = self._accounts.get(claims.person_id) if claims.provider_id == KIND else None
        if account is None or int(account.token_version) != claims.token_version:
            raise NotAuthenticated(SESSION_INVALID, code="SESSION_INVALID")
        if self._revocations.is_session_revoked(claims.session_id):
            raise NotAuthenticated(SESSION_INVALID, code="SESSION_INVALID")
        return AffiliatePrincipal(identity=account.identity, session_id=claims.session_id,
                                  must_change_password=bool(account.must_change_password),
                                  authenticated_at=claims.authenticated_at)

    def logout(self, principal: AffiliatePrincipal, client_ip: str | None = None) -> None:
        self._revocations.revoke_session(principal.session_id, expires_at=self._clock() + self._tokens.ttl_seconds)
        self._audit.record(AuditEvent.LOGOUT, provider_id=None, actor_id=principal.identity, source_ip=client_ip)

    def renew(self, principal: AffiliatePrincipal) -> AffiliateSession:
        """A fresh short-lived token while the affiliate works, by the providers' rule (accounts/renewal.py); the
        authorizer has just re-checked the password version and the revocation. Not audited: it happens every few
        minutes of work."""
        now = self._clock()
        claim_renewal(self._revocations, principal.session_id, principal.authenticated_at, now,
                      self._tokens.ttl_seconds)
        return self._open(self._accounts.get(principal.identity), now, authenticated_at=principal.authenticated_at)

    def reopen(self, identity: str) -> AffiliateSession:
        """A fresh session after a password change closed every other one (this browser stays in)."""
        return self._open(self._accounts.get(identity), self._clock())

    def _open(self, account: AffiliateAccount, now: int, authenticated_at: int | None = None) -> AffiliateSession:
        token, claims = self._tokens.issue(person_id=account.identity, provider_id=KIND,
                                           token_version=int(account.token_version), membership_version=0, now=now,
                                           authenticated_at=authenticated_at)
        principal = AffiliatePrincipal(identity=account.identity, session_id=claims.session_id,
                                       must_change_password=bool(account.must_change_password),
                                       authenticated_at=claims.authenticated_at)
        return AffiliateSession(token=token, expires_in=claims.expires_at - now, principal=principal)
