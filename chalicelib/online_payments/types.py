"""The payments' values and the ports of what they pay for (a Payable per kind), of the copays paid at offices,
and of the payer's email. Providers implement these ports in their own packages; wiring connects them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from chalicelib.affiliates.types import AffiliatePrincipal
from chalicelib.authorizations.types import OfficeCopay, PayableOps  # the authorisations' own values

__all__ = ["OfficeCopay", "PayableOps"]  # re-exported: what the ports below hand over


class PaymentState(StrEnum):
    PENDIENTE = "PENDIENTE"
    APROBADO = "APROBADO"
    RECHAZADO = "RECHAZADO"


STATE_LABELS = {PaymentState.PENDIENTE: "Pendiente", PaymentState.APROBADO: "Aprobado",
                PaymentState.RECHAZADO: "Rechazado"}

# Observaciones of a payment that did not go through (seed 003 §4.2.4)
EXPIRED = "La petición ha expirado"
CANCELLED = "La petición ha sido cancelada por el usuario"
DECLINED = "La transacción fue rechazada por la entidad financiera"
VOIDED = "La transacción fue anulada"


class PaymentKind(StrEnum):
    COPAGO = "COPAGO"  # reference: the OPS number
    FACTURA_PAC = "FACTURA_PAC"  # reference: the PAC invoice number (issue 25)


@dataclass(frozen=True, slots=True)
class Charge:
    """What a Payable says is owed: always the whole amount, in pesos, for one reference."""

    amount: int
    description: str  # Concepto: "Copagos o cuotas moderadoras"
    holder_identity: str  # whose it is (the caller or a minor of theirs)
    holder_ref: str


class Payable(Protocol):
    """One kind of charge the portal collects. `describe` answers None when the caller may not pay `reference`
    now (not theirs, not owed, nothing to pay); `settle` records it paid (idempotent: a retried event may call it
    twice)."""

    def describe(self, principal: AffiliatePrincipal, reference: str) -> Charge | None: ...

    def settle(self, holder_ref: str, reference: str, payment_id: str, at: datetime) -> None: ...


@dataclass(frozen=True, slots=True)
class Payment:
    payment_id: str  # the gateway reference too: opaque, 32 hex characters
    kind: PaymentKind
    reference: str
    holder_identity: str
    holder_ref: str
    payer_identity: str
    amount: int
    description: str
    state: PaymentState
    created_at: datetime  # UTC
    expires_at: datetime
    receipt: str  # Recibo de Pago
    observation: str | None = None
    transaction_id: str | None = None
    payment_method: str | None = None
    decided_at: datetime | None = None
    settled: bool = False  # the Payable was told (approved payments)


class OpsLedger(Protocol):
    def payable(self, affiliate_ref: str, numero_autorizacion: str) -> PayableOps | None: ...

    def mark_paid(self, affiliate_ref: str, numero_autorizacion: str, payment_id: str, at: datetime) -> None: ...


class OfficeCopays(Protocol):
    def of(self, refs: Iterable[str]) -> list[OfficeCopay]: ...


class PayerContacts(Protocol):
    def email_of(self, identity: str) -> str | None: ...
