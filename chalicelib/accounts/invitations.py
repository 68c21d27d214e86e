"""Invitations: a person who already has an account joins another provider only by accepting it."""

from __future__ import annotations

from chalicelib.accounts.permissions import OPERATIONS_TENANT, MembershipState, Principal
from chalicelib.accounts.registration import provider_summary
from chalicelib.accounts.repository import AccountRepository
from chalicelib.accounts.schemas import ProviderSummary
from chalicelib.audit.trail import AuditEvent, AuditTrail
from chalicelib.common import clock
from chalicelib.common.errors import NotFound, PermissionDenied

INVITATION_NOT_FOUND = "No tiene una invitación pendiente de ese prestador"


class InvitationService:
    def __init__(self, accounts: AccountRepository, audit: AuditTrail, now=clock.utcnow):
        self._accounts = accounts
        self._audit = audit
        self._now = now

    def _is_operator(self, person_id: str) -> bool:
        return self._accounts.get_membership(person_id, OPERATIONS_TENANT) is not None

    def pending(self, principal: Principal) -> list[ProviderSummary]:
        invited = [m.provider_id for m in self._accounts.memberships_of(principal.person_id)
                   if m.state == MembershipState.PENDIENTE]
        providers = self._accounts.get_providers(invited)
        return sorted((provider_summary(p) for p in providers.values()), key=lambda p: p.razon_social)

    def accept(self, principal: Principal, provider_id: str, source_ip: str) -> None:
        # EPS operators see every provider's data through their console: they are never provider members.
        if principal.is_operator or self._is_operator(principal.person_id):
            raise PermissionDenied("Los operadores de la EPS no pueden vincularse a un prestador",
                                   code="OPERATOR_NOT_MEMBER")
        self._answer(principal, provider_id, MembershipState.ACTIVA, AuditEvent.INVITATION_ACCEPTED, source_ip)

    def decline(self, principal: Principal, provider_id: str, source_ip: str) -> None:
        self._answer(principal, provider_id, MembershipState.RECHAZADA, AuditEvent.INVITATION_DECLINED, source_ip)

    def _answer(self, principal: Principal, provider_id: str, state: MembershipState, event: AuditEvent,
                source_ip: str) -> None:
        changed = self._accounts.change_membership_state(principal.person_id, provider_id,
                                                         expected=MembershipState.PENDIENTE.value,
                                                         new=state.value, at=self._now())
        if not changed:
            raise NotFound(INVITATION_NOT_FOUND, code="INVITATION_NOT_FOUND")
        self._audit.record(event, provider_id=provider_id, actor_id=principal.person_id,
                           subject_id=principal.person_id, source_ip=source_ip)
