"""What the authorisations' services need: their own data (`repository.AuthorizationRepository` is the real one)
and two seams with other parts of the portal — the presolicitudes registered in it (PRESOL) and the state of the
copays paid online (PAY). Tests use in-memory fakes of the same shape."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from chalicelib.authorizations.types import MipresPrescription, OfficeCopay, Ops, PresolicitudRow


class OpsStore(Protocol):
    def ops_of(self, identity: str, *, month: str | None = None, presolicitud: str | None = None,
               limit: int | None = None) -> list[Ops]:
        """Newest first (fecha, then number), with portal payments laid over."""
        ...

    def ops(self, keys: Iterable[tuple[str, str]]) -> list[Ops]: ...

    def mipres_of(self, identity: str) -> list[MipresPrescription]: ...

    def copays_of(self, identity: str, ref: str) -> list[OfficeCopay]: ...

    def mark_paid(self, identity: str, numero: str, payment_id: str, at: datetime) -> bool: ...


class PresolicitudReader(Protocol):
    """PRESOL: the portal's presolicitudes of these people (few per person)."""

    def for_affiliates(self, refs: Iterable[str]) -> list[PresolicitudRow]: ...


class CopayPaymentStates(Protocol):
    """PAY: of these OPS numbers, those with an APPROVED or PENDING online payment."""

    def blocking(self, numeros: Iterable[str]) -> set[str]: ...
