"""The PaymentGateway port: what the payments service asks of a gateway, in the gateway's own terms (amounts in
cents, its transaction statuses). Adapters: wompi.py (AWS stages) and simulator.py (`make run`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

CURRENCY = "COP"


class GatewayStatus(StrEnum):
    """Wompi's transaction statuses, plus the two outcomes a gateway tells only by the absence of a transaction
    (the checkout's time ran out; the user left it): the simulator names them, the sweeper infers them."""

    PENDING = "PENDING"
    APPROVED = "APPROVED"
    DECLINED = "DECLINED"
    VOIDED = "VOIDED"
    ERROR = "ERROR"
    EXPIRED = "EXPIRED"
    CANCELLED = "CANCELLED"

    @property
    def final(self) -> bool:
        return self is not GatewayStatus.PENDING


@dataclass(frozen=True, slots=True)
class CheckoutOrder:
    """A payment to open at the gateway: the server's amount (whole pesos) and our opaque reference."""

    reference: str
    amount_pesos: int
    redirect_url: str
    expires_at: datetime

    @property
    def amount_in_cents(self) -> int:
        return self.amount_pesos * 100


@dataclass(frozen=True, slots=True)
class GatewayTransaction:
    transaction_id: str
    reference: str
    amount_in_cents: int
    currency: str
    status: GatewayStatus
    payment_method: str | None = None  # "PSE", "CARD"…


class InvalidEvent(Exception):
    """A callback whose signature does not verify, or that is not a transaction event: nothing in it is used."""


class PaymentGateway(Protocol):
    def checkout_url(self, order: CheckoutOrder) -> str:
        """Where the browser goes to pay (the gateway's page: no card data ever reaches the portal)."""
        ...

    def transaction(self, transaction_id: str | None, reference: str) -> GatewayTransaction | None:
        """The gateway's latest word on a payment (by its transaction when known, else by our reference)."""
        ...

    def parse_event(self, body: bytes, headers: dict[str, str]) -> GatewayTransaction:
        """The transaction a signed callback reports; InvalidEvent when forged, stale or not understood."""
        ...
