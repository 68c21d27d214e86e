"""Login, provider switch, logout and the verification behind the authorizer (seed 002 §3)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from aws_lambda_powertools.metrics import MetricUnit

from chalicelib.accounts.consent import is_current
from chalicelib.accounts.devices import DeviceCookies
from chalicelib.accounts.people import typed_identity
from chalicelib.accounts.permissions import (
    OPERATIONS_TENANT,
    PROFILE_NAMES,
    MembershipState,
    Menu,
    Principal,
    Role,
    account_options,
)
from chalicelib.accounts.registration import provider_summary
from chalicelib.accounts.renewal import SESSION_INVALID, claim_renewal
from chalicelib.accounts.repository import AccountRepository
from chalicelib.accounts.schemas import LoginRequest, MeResponse, ProviderSummary
from chalicelib.accounts.throttling import Throttle
from chalicelib.accounts.values import Membership, Person
from chalicelib.audit.trail import AuditEvent, AuditTrail
from chalicelib.common import clock
from chalicelib.common.errors import NotAuthenticated, PermissionDenied, TooManyRequests
from chalicelib.common.observability import metrics
from chalicelib.security.passwords import hash_password, needs_rehash, verify_password
from chalicelib.security.tokens import InvalidToken, TokenService

INVALID_CREDENTIALS = "Tipo de documento, número de documento o contraseña incorrectos"


@dataclass(frozen=True, slots=True)
class Session:
    token: str
    expires_in: int
    principal: Principal
    current_provider: ProviderSummary
    providers: list[ProviderSummary]
    consent_required: bool = False  # the person has not accepted the current data-processing policy
    device_cookie: str | None = None  # set by a login: the browser's device cookie, with this person's entry


def _principal(person: Person, membership: Membership, session_id: str, authenticated_at: int) -> Principal:
    return Principal(
        person_id=person.person_id,
        provider_id=membership.provider_id,
        role=Role(membership.role),
        menus=frozenset(Menu(m) for m in (membership.menus or set())),
        session_id=session_id,
        must_change_password=bool(person.must_change_password),
        authenticated_at=authenticated_at,
    )


class SessionService:
    def __init__(self, accounts: AccountRepository, throttle: Throttle, devices: DeviceCookies,
                 tokens: TokenService, audit: AuditTrail, clock, now=clock.utcnow):
        self._accounts = accounts
        self._throttle = throttle
        self._devices = devices
        self._tokens = tokens
        self._audit = audit
        self._clock = clock  # () -> epoch seconds
        self._now = now

    def login(self, request: LoginRequest, client_ip: str, device_cookie: str | None = None) -> Session:
        now = self._clock()
        person_id = typed_identity(request.tipo_documento, request.numero_documento)
        # A browser that got in as this person before has its own allowance, which strangers behind the same
        # IP cannot spend; any other browser is judged per (identity, IP) and per IP (throttling.py).
        device = self._devices.device_of(device_cookie, person_id)
        keys = (self._throttle.known_device(person_id, device) if device
                else self._throttle.unknown_device(person_id, client_ip, now))
        wait = self._throttle.seconds_to_wait(keys, now)
        if wait:
            metrics.add_metric(name="LoginThrottled", unit=MetricUnit.Count, value=1)
            minutes = max(1, -(-wait // 60))
            raise TooManyRequests(
                f"Demasiados intentos fallidos. Intente de nuevo en {minutes} minuto(s)",
                retry_after_seconds=wait, code="LOGIN_THROTTLED",
            )
        person = self._accounts.get_person(person_id)
        # Both checks always run (a dummy hash stands in), so timing tells nothing about a pending reset.
        password_ok = verify_password(person.password_hash if person else None, request.contrasena)
        pending_ok = verify_password(person.pending_hash(now) if person else None, request.contrasena)
        reset_used = pending_ok and not password_ok
        if password_ok and person.pending_password_hash:
            # The person remembered the password: a reset they may not have asked for stops being usable.
            person = self._accounts.drop_pending_password(person)
        elif reset_used:
            person = self._accounts.promote_pending_password(person, self._now())
        if not (password_ok or pending_ok):
            self._throttle.record_failure(keys, now)
            self._audit_failure(person, request.prestador_id, client_ip)
            metrics.add_metric(name="LoginFailed", unit=MetricUnit.Count, value=1)
            raise NotAuthenticated(INVALID_CREDENTIALS, code="INVALID_CREDENTIALS")
        self._throttle.record_success(keys)
        if needs_rehash(person.password_hash):
            person = self._accounts.rehash_password(person, hash_password(request.contrasena))
        active = self._active_memberships(person_id)
        if not active:
            raise PermissionDenied("El usuario no tiene acceso activo a ningún prestador",
                                   code="NO_ACTIVE_PROVIDER")
        chosen = active[0][0]
        if request.prestador_id:
            matches = [m for m, _ in active if m.provider_id == request.prestador_id]
            if not matches:
                raise PermissionDenied("El usuario no tiene acceso activo a ese prestador",
                                       code="PROVIDER_NOT_ALLOWED")
            chosen = matches[0]
        if reset_used:
            self._audit.record(AuditEvent.PASSWORD_RESET, provider_id=chosen.provider_id, actor_id=person_id,
                               subject_id=person_id, source_ip=client_ip)
        self._audit.record(AuditEvent.LOGIN_OK, provider_id=chosen.provider_id, actor_id=person_id,
                           source_ip=client_ip)
        session = self._open(person, chosen, [s for _, s in active], now)
        return replace(session, device_cookie=self._devices.remember(device_cookie, person_id))

    def _audit_failure(self, person: Person | None, named_provider: str | None, client_ip: str) -> None:
        """A failure belongs to a provider's trail only when the login named it and the person works there:
        a provider never sees what its members do elsewhere (nor people it merely invited or inactivated)."""
        membership = (self._accounts.get_membership(person.person_id, named_provider)
                      if person and named_provider else None)
        in_context = membership is not None and membership.state == MembershipState.ACTIVA
        self._audit.record(AuditEvent.LOGIN_FAILED, provider_id=named_provider if in_context else None,
                     subject_id=person.person_id if person else None, source_ip=client_ip)

    def switch(self, principal: Principal, provider_id: str) -> Session:
        person = self._accounts.get_person(principal.person_id)
        active = self._active_memberships(principal.person_id)
        matches = [m for m, _ in active if m.provider_id == provider_id]
        if person is None or not matches:
            raise PermissionDenied("El usuario no tiene acceso activo a ese prestador", code="PROVIDER_NOT_ALLOWED")
        now = self._clock()
        self.logout(principal, now)
        return self._open(person, matches[0], [s for _, s in active], now)

    def logout(self, principal: Principal, now: int | None = None, client_ip: str | None = None) -> None:
        now = now or self._clock()
        self._accounts.revoke_session(principal.session_id, expires_at=now + self._tokens.ttl_seconds)
        self._audit.record(AuditEvent.LOGOUT, provider_id=principal.provider_id, actor_id=principal.person_id,
                           source_ip=client_ip)

    def renew(self, principal: Principal) -> Session:
        """A fresh short-lived token for an active user (the portal asks while the user works): the old token is
        revoked at once, and the authorizer has just re-checked password version, membership and revocation, so
        nothing a revocation ended can be renewed. Not audited: it happens every few minutes of work."""
        now = self._clock()
        claim_renewal(self._accounts, principal.session_id, principal.authenticated_at, now, self._tokens.ttl_seconds)
        person = self._accounts.get_person(principal.person_id)
        membership = self._accounts.get_membership(principal.person_id, principal.provider_id)
        active = self._active_memberships(principal.person_id)
        return self._open(person, membership, [s for _, s in active], now, authenticated_at=principal.authenticated_at)

    def reopen(self, principal: Principal) -> Session:
        """A fresh session for the same provider (after a password change closed the others)."""
        person = self._accounts.get_person(principal.person_id)
        membership = self._accounts.get_membership(principal.person_id, principal.provider_id)
        active = self._active_memberships(principal.person_id)
        return self._open(person, membership, [s for _, s in active], self._clock())

    def me(self, principal: Principal) -> MeResponse:
        person = self._accounts.get_person(principal.person_id)
        provider = self._accounts.get_provider(principal.provider_id)
        return MeResponse(
            usuario=person.doc_number, nombre=person.full_name, rol=PROFILE_NAMES[principal.role],
            permisos=sorted(m.value for m in principal.effective_menus()),
            opciones_mi_cuenta=account_options(principal), prestador_actual=provider_summary(provider),
            debe_cambiar_contrasena=principal.must_change_password, debe_autorizar_datos=not is_current(person.consent),
        )

    def authenticate(self, token: str) -> Principal:
        """Everything is re-read on each request: revocation and permission changes apply at once."""
        try:
            claims = self._tokens.verify(token)
        except InvalidToken as exc:
            raise NotAuthenticated(SESSION_INVALID, code="SESSION_INVALID") from exc
        person = self._accounts.get_person(claims.person_id)
        if person is None or int(person.token_version) != claims.token_version:
            raise NotAuthenticated(SESSION_INVALID, code="SESSION_INVALID")
        if self._accounts.is_session_revoked(claims.session_id):
            raise NotAuthenticated(SESSION_INVALID, code="SESSION_INVALID")
        membership = self._accounts.get_membership(claims.person_id, claims.provider_id)
        if membership is None or membership.state != MembershipState.ACTIVA:
            raise NotAuthenticated("El usuario está inactivo para este prestador", code="USER_INACTIVE")
        if int(membership.session_version) != claims.membership_version:
            raise NotAuthenticated(SESSION_INVALID, code="SESSION_INVALID")
        return _principal(person, membership, claims.session_id, claims.authenticated_at)

    def _active_memberships(self, person_id: str) -> list[tuple[Membership, ProviderSummary]]:
        memberships = [m for m in self._accounts.memberships_of(person_id) if m.state == MembershipState.ACTIVA]
        if any(m.provider_id == OPERATIONS_TENANT for m in memberships):
            memberships = [m for m in memberships if m.provider_id == OPERATIONS_TENANT]  # never provider members
        providers = self._accounts.get_providers([m.provider_id for m in memberships])
        pairs = [(m, provider_summary(providers.get(m.provider_id))) for m in memberships
                 if m.provider_id in providers or m.provider_id == OPERATIONS_TENANT]
        return sorted(pairs, key=lambda pair: pair[1].razon_social)

    def _open(self, person: Person, membership: Membership, providers: list[ProviderSummary],
              now: int, authenticated_at: int | None = None) -> Session:
        token, claims = self._tokens.issue(person_id=person.person_id, provider_id=membership.provider_id,
                                           token_version=int(person.token_version),
                                           membership_version=int(membership.session_version), now=now,
                                           authenticated_at=authenticated_at)
        current = next(p for p in providers if p.prestador_id == membership.provider_id)
        return Session(token=token, expires_in=claims.expires_at - now,
                       principal=_principal(person, membership, claims.session_id, claims.authenticated_at),
                       current_provider=current, providers=providers, consent_required=not is_current(person.consent))
