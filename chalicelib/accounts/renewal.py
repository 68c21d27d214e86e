"""The renewal rule both portals' sessions share (docs/security.md, "Renewal"): a working user's short-lived
token is exchanged for a new one, once, and never past a maximum age counted from the login."""

from __future__ import annotations

from typing import Protocol

from chalicelib.common.errors import NotAuthenticated

SESSION_INVALID = "La sesión no es válida o expiró. Ingrese nuevamente"
SESSION_TOO_OLD = "Por seguridad, la sesión se cierra tras 12 horas aunque siga trabajando. Ingrese nuevamente"
MAX_SESSION_SECONDS = 12 * 3600  # renewals carry the login's time: a stolen token cannot be renewed for ever


class RenewalRevocations(Protocol):
    def revoke_session_once(self, session_id: str, expires_at: int) -> bool:
        """Revokes the session unless it already was: False when another request got there first."""


def claim_renewal(revocations: RenewalRevocations, session_id: str, authenticated_at: int, now: int,
                  ttl_seconds: int) -> None:
    """Ends the renewed token, or refuses: the caller's authorizer has already refused a revoked or expired token.
    Only one renewal per token: two tabs (or a thief racing the owner) cannot fork the chain in two."""
    if now - authenticated_at > MAX_SESSION_SECONDS:
        raise NotAuthenticated(SESSION_TOO_OLD, code="SESSION_EXPIRED")
    if not revocations.revoke_session_once(session_id, expires_at=now + ttl_seconds):
        raise NotAuthenticated(SESSION_INVALID, code="SESSION_INVALID")
