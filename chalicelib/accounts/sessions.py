"""Login, provider switch, logout and the verification behind the authorizer (seed 002 §3)."""

from __future__ import annotations

from dataclasses import dataclass

from aws_lambda_powertools.metrics import MetricUnit

from chalicelib.accounts import repository, throttling
from chalicelib.accounts.models import MembershipRecord, PersonRecord
from chalicelib.accounts.permissions import OPERATIONS_TENANT, MembershipState, Menu, Principal, Role
from chalicelib.accounts.registration import provider_summary
from chalicelib.accounts.schemas import LoginRequest, ProviderSummary
from chalicelib.audit import trail
from chalicelib.audit.trail import AuditEvent
from chalicelib.common import clock
from chalicelib.common.errors import NotAuthenticated, PermissionDenied, TooManyRequests
from chalicelib.common.identifiers import InvalidDocument, identity_key, normalize_document_number
from chalicelib.common.observability import metrics
from chalicelib.security.passwords import hash_password, needs_rehash, verify_password
from chalicelib.security.tokens import InvalidToken, TokenService

INVALID_CREDENTIALS = "Tipo de documento, número de documento o contraseña incorrectos"
SESSION_INVALID = "La sesión no es válida o expiró. Ingrese nuevamente"


@dataclass(frozen=True, slots=True)
class Session:
    token: str
    expires_in: int
    principal: Principal
    current_provider: ProviderSummary
    providers: list[ProviderSummary]


def _principal(person: PersonRecord, membership: MembershipRecord, session_id: str) -> Principal:
    return Principal(
        person_id=person.person_id,
        provider_id=membership.provider_id,
        role=Role(membership.role),
        menus=frozenset(Menu(m) for m in (membership.menus or set())),
        session_id=session_id,
        must_change_password=bool(person.must_change_password),
    )


class SessionService:
    def __init__(self, tokens: TokenService, throttle_secret: bytes, clock):
        self._tokens = tokens
        self._throttle_secret = throttle_secret
        self._clock = clock  # () -> epoch seconds

    def login(self, request: LoginRequest, client_ip: str) -> Session:
        now = self._clock()
        try:
            number = normalize_document_number(request.tipo_documento, request.numero_documento)
        except InvalidDocument:
            number = request.numero_documento.upper()
        person_id = identity_key(request.tipo_documento, number)
        keys = throttling.keys_for(self._throttle_secret, person_id, client_ip, now)
        wait = throttling.seconds_to_wait(keys, now)
        if wait:
            metrics.add_metric(name="LoginThrottled", unit=MetricUnit.Count, value=1)
            minutes = max(1, -(-wait // 60))
            raise TooManyRequests(
                f"Demasiados intentos fallidos. Intente de nuevo en {minutes} minuto(s)",
                retry_after_seconds=wait, code="LOGIN_THROTTLED",
            )
        person = repository.get_person(person_id)
        # Both checks always run (a dummy hash stands in), so timing tells nothing about a pending reset.
        password_ok = verify_password(person.password_hash if person else None, request.contrasena)
        pending_ok = verify_password(person.pending_hash(now) if person else None, request.contrasena)
        reset_used = pending_ok and not password_ok
        if password_ok and person.pending_password_hash:
            person = self._drop_pending(person)
        elif reset_used:
            person = self._promote_pending(person)
        if not (password_ok or pending_ok):
            throttling.record_failure(keys, now)
            self._audit_failure(person, request.prestador_id, client_ip)
            metrics.add_metric(name="LoginFailed", unit=MetricUnit.Count, value=1)
            raise NotAuthenticated(INVALID_CREDENTIALS, code="INVALID_CREDENTIALS")
        throttling.record_success(keys)
        if needs_rehash(person.password_hash):
            person.update(actions=[PersonRecord.password_hash.set(hash_password(request.contrasena))])
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
            trail.record(AuditEvent.PASSWORD_RESET, provider_id=chosen.provider_id, actor_id=person_id,
                         subject_id=person_id, source_ip=client_ip)
        trail.record(AuditEvent.LOGIN_OK, provider_id=chosen.provider_id, actor_id=person_id, source_ip=client_ip)
        return self._open(person, chosen, [s for _, s in active], now)

    @staticmethod
    def _drop_pending(person: PersonRecord) -> PersonRecord:
        """The person remembered the password: a reset they may not have asked for stops being usable."""
        person.update(actions=[PersonRecord.pending_password_hash.remove(),
                               PersonRecord.pending_password_expires_at.remove()])
        return person

    @staticmethod
    def _promote_pending(person: PersonRecord) -> PersonRecord:
        """First use of an emailed reset password: it becomes the password, and must be changed now."""
        person.update(actions=[
            PersonRecord.password_hash.set(person.pending_password_hash),
            PersonRecord.must_change_password.set(True),
            PersonRecord.token_version.add(1),
            PersonRecord.password_changed_at.set(clock.utcnow()),
            PersonRecord.pending_password_hash.remove(),
            PersonRecord.pending_password_expires_at.remove(),
        ])
        return person

    @staticmethod
    def _audit_failure(person: PersonRecord | None, named_provider: str | None, client_ip: str) -> None:
        """A failure belongs to a provider's trail only when the login named it and the person works there:
        a provider never sees what its members do elsewhere (nor people it merely invited or inactivated)."""
        membership = repository.get_membership(person.person_id, named_provider) if person and named_provider else None
        in_context = membership is not None and membership.state == MembershipState.ACTIVA
        trail.record(AuditEvent.LOGIN_FAILED, provider_id=named_provider if in_context else None,
                     subject_id=person.person_id if person else None, source_ip=client_ip)

    def switch(self, principal: Principal, provider_id: str) -> Session:
        person = repository.get_person(principal.person_id)
        active = self._active_memberships(principal.person_id)
        matches = [m for m, _ in active if m.provider_id == provider_id]
        if person is None or not matches:
            raise PermissionDenied("El usuario no tiene acceso activo a ese prestador", code="PROVIDER_NOT_ALLOWED")
        now = self._clock()
        self.logout(principal, now)
        return self._open(person, matches[0], [s for _, s in active], now)

    def logout(self, principal: Principal, now: int | None = None, client_ip: str | None = None) -> None:
        now = now or self._clock()
        repository.revoke_session(principal.session_id, expires_at=now + self._tokens.ttl_seconds)
        trail.record(AuditEvent.LOGOUT, provider_id=principal.provider_id, actor_id=principal.person_id,
                     source_ip=client_ip)

    def reopen(self, principal: Principal) -> Session:
        """A fresh session for the same provider (after a password change closed the others)."""
        person = repository.get_person(principal.person_id)
        membership = repository.get_membership(principal.person_id, principal.provider_id)
        active = self._active_memberships(principal.person_id)
        return self._open(person, membership, [s for _, s in active], self._clock())

    def authenticate(self, token: str) -> Principal:
        """Everything is re-read on each request: revocation and permission changes apply at once."""
        try:
            claims = self._tokens.verify(token)
        except InvalidToken as exc:
            raise NotAuthenticated(SESSION_INVALID, code="SESSION_INVALID") from exc
        person = repository.get_person(claims.person_id)
        if person is None or int(person.token_version) != claims.token_version:
            raise NotAuthenticated(SESSION_INVALID, code="SESSION_INVALID")
        if repository.is_session_revoked(claims.session_id):
            raise NotAuthenticated(SESSION_INVALID, code="SESSION_INVALID")
        membership = repository.get_membership(claims.person_id, claims.provider_id)
        if membership is None or membership.state != MembershipState.ACTIVA:
            raise NotAuthenticated("El usuario está inactivo para este prestador", code="USER_INACTIVE")
        if int(membership.session_version) != claims.membership_version:
            raise NotAuthenticated(SESSION_INVALID, code="SESSION_INVALID")
        return _principal(person, membership, claims.session_id)

    def _active_memberships(self, person_id: str) -> list[tuple[MembershipRecord, ProviderSummary]]:
        memberships = [m for m in repository.memberships_of(person_id) if m.state == MembershipState.ACTIVA]
        if any(m.provider_id == OPERATIONS_TENANT for m in memberships):
            memberships = [m for m in memberships if m.provider_id == OPERATIONS_TENANT]  # never provider members
        providers = repository.get_providers([m.provider_id for m in memberships])
        pairs = [(m, provider_summary(providers.get(m.provider_id))) for m in memberships
                 if m.provider_id in providers or m.provider_id == OPERATIONS_TENANT]
        return sorted(pairs, key=lambda pair: pair[1].razon_social)

    def _open(self, person: PersonRecord, membership: MembershipRecord, providers: list[ProviderSummary],
              now: int) -> Session:
        token, claims = self._tokens.issue(person_id=person.person_id, provider_id=membership.provider_id,
                                           token_version=int(person.token_version),
                                           membership_version=int(membership.session_version), now=now)
        current = next(p for p in providers if p.prestador_id == membership.provider_id)
        return Session(token=token, expires_in=claims.expires_at - now,
                       principal=_principal(person, membership, claims.session_id),
                       current_provider=current, providers=providers)
