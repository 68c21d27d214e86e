"""Paying a charge online: one charge per payment, its whole amount as the server states it; the gateway's
callbacks and the sweeper settle each payment once; an approved one is told to its Payable (the OPS shows
ENTREGADA) and emailed to the payer."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from aws_lambda_powertools import Metrics
from aws_lambda_powertools.metrics import MetricUnit

from chalicelib.affiliates.types import AffiliatePrincipal
from chalicelib.common import observability
from chalicelib.common.errors import Conflict, NotFound
from chalicelib.common.observability import logger
from chalicelib.notifications.mailer import Mailer
from chalicelib.online_payments import emails
from chalicelib.online_payments.gateway import (
    CURRENCY,
    CheckoutOrder,
    GatewayStatus,
    GatewayTransaction,
    PaymentGateway,
)
from chalicelib.online_payments.repository import OnlinePaymentRepository
from chalicelib.online_payments.transport import GatewayUnavailable
from chalicelib.online_payments.types import (
    CANCELLED,
    DECLINED,
    EXPIRED,
    VOIDED,
    Payable,
    PayerContacts,
    Payment,
    PaymentKind,
    PaymentState,
)

NOT_PAYABLE = "Esta autorización no tiene un valor por pagar en línea"
ALREADY_PAID = "Esta autorización ya tiene un pago aprobado o en proceso"
PAYMENT_NOT_FOUND = "No encontramos ese pago"
CHECKOUT_MINUTES = 15  # the gateway's checkout lives this long (Wompi's expiration-time)
SWEEP_AFTER_MINUTES = 5  # a payment pending this long is asked about (its events may have been lost)

OUTCOMES: dict[GatewayStatus, tuple[PaymentState, str | None]] = {
    GatewayStatus.APPROVED: (PaymentState.APROBADO, None),
    GatewayStatus.DECLINED: (PaymentState.RECHAZADO, DECLINED),
    GatewayStatus.ERROR: (PaymentState.RECHAZADO, DECLINED),
    GatewayStatus.VOIDED: (PaymentState.RECHAZADO, VOIDED),
    GatewayStatus.EXPIRED: (PaymentState.RECHAZADO, EXPIRED),
    GatewayStatus.CANCELLED: (PaymentState.RECHAZADO, CANCELLED),
}


@dataclass(frozen=True, slots=True)
class StartedPayment:
    payment: Payment
    checkout_url: str


@dataclass(frozen=True, slots=True)
class SweepResult:
    asked: int
    settled: int
    unavailable: int


class OnlinePaymentService:
    def __init__(self, repository: OnlinePaymentRepository, gateway: PaymentGateway,
                 payables: Mapping[PaymentKind, Payable], contacts: PayerContacts, names: Callable[[str], str],
                 mailer: Mailer, portal_url: str, now: Callable[[], datetime], *,
                 new_id: Callable[[], str] = lambda: secrets.token_hex(16),
                 metrics: Metrics = observability.metrics):
        self._repository = repository
        self._gateway = gateway
        self._payables = payables
        self._contacts = contacts
        self._names = names
        self._mailer = mailer
        self._portal_url = portal_url
        self._now = now
        self._new_id = new_id
        self._metrics = metrics

    # --- the affiliate
    def start(self, principal: AffiliatePrincipal, kind: PaymentKind, reference: str) -> StartedPayment:
        charge = self._payables[kind].describe(principal, reference)
        if charge is None or charge.amount <= 0:
            raise Conflict(NOT_PAYABLE, code="NOT_PAYABLE")
        now = self._now()
        payment_id = self._new_id()
        payment = Payment(payment_id=payment_id, kind=kind, reference=reference,
                          holder_identity=charge.holder_identity, holder_ref=charge.holder_ref,
                          payer_identity=principal.identity,
                          amount=charge.amount, description=charge.description, state=PaymentState.PENDIENTE,
                          created_at=now, expires_at=now + timedelta(minutes=CHECKOUT_MINUTES),
                          receipt=payment_id[:10].upper())
        if not self._repository.open(payment):
            raise Conflict(ALREADY_PAID, code="PAYMENT_IN_PROCESS")
        redirect = f"{self._portal_url}/portal/#/afiliados/autorizaciones/pagos/resultado/{payment_id}"
        url = self._gateway.checkout_url(CheckoutOrder(reference=payment_id, amount_pesos=charge.amount,
                                                       redirect_url=redirect, expires_at=payment.expires_at))
        logger.info("payment started", extra={"payment_id": payment_id, "kind": kind.value})
        return StartedPayment(payment, url)

    def of_payer(self, principal: AffiliatePrincipal, payment_id: str) -> Payment:
        payment = self._repository.get(payment_id)
        if payment is None or payment.payer_identity != principal.identity:
            raise NotFound(PAYMENT_NOT_FOUND, code="PAYMENT_NOT_FOUND")
        return payment

    # --- the gateway
    def on_event(self, body: bytes, headers: dict[str, str]) -> str:
        """A callback (its signature checked by the gateway adapter, InvalidEvent otherwise): what came of it."""
        return self.apply(self._gateway.parse_event(body, headers))

    def apply(self, transaction: GatewayTransaction) -> str:
        payment = self._repository.get(transaction.reference)
        if payment is None:
            logger.warning("payment event for an unknown reference", extra={"transaction": transaction.transaction_id})
            return "DESCONOCIDO"
        if transaction.amount_in_cents != payment.amount * 100 or transaction.currency != CURRENCY:
            logger.error("payment event refused: amount differs", extra={
                "payment_id": payment.payment_id, "transaction": transaction.transaction_id,
                "expected_cents": payment.amount * 100, "reported_cents": transaction.amount_in_cents,
                "currency": transaction.currency})
            self._metrics.add_metric(name="PaymentAmountMismatch", unit=MetricUnit.Count, value=1)
            return "MONTO_INVALIDO"
        if transaction.status is GatewayStatus.PENDING:
            if payment.state is PaymentState.PENDIENTE:
                self._repository.note_transaction(payment.payment_id, transaction.transaction_id,
                                                  transaction.payment_method)
            return payment.state.value
        state, observation = OUTCOMES[transaction.status]
        return self._decide(payment, state, observation, transaction.transaction_id, transaction.payment_method)

    def _decide(self, payment: Payment, state: PaymentState, observation: str | None, transaction_id: str | None,
                method: str | None) -> str:
        at = self._now()
        won = (payment.state is PaymentState.PENDIENTE
               and self._repository.decide(payment, state, observation, transaction_id, method, at))
        if not won:
            current = self._repository.get(payment.payment_id) or payment
            if current.state is PaymentState.APROBADO and not current.settled:  # an earlier try stopped halfway
                self._settle(current, at)
            elif current.state is PaymentState.RECHAZADO and state is PaymentState.APROBADO:
                # Money taken for a payment already closed (expired by the sweeper): a person must refund or apply it.
                logger.error("payment approved after it was rejected", extra={
                    "payment_id": payment.payment_id, "transaction": transaction_id})
                self._metrics.add_metric(name="PaymentApprovedAfterRejection", unit=MetricUnit.Count, value=1)
            return current.state.value
        logger.info("payment decided", extra={"payment_id": payment.payment_id, "state": state.value})
        if state is PaymentState.APROBADO:
            self._settle(payment, at)
            self._notify(payment, at, transaction_id, method)
        return state.value

    def _settle(self, payment: Payment, at: datetime) -> None:
        self._payables[payment.kind].settle(payment.holder_ref, payment.reference, payment.payment_id, at)
        self._repository.mark_settled(payment.payment_id)

    def _notify(self, payment: Payment, at: datetime, transaction_id: str | None, method: str | None) -> None:
        to = self._contacts.email_of(payment.payer_identity)
        if to:
            self._mailer.send(emails.payment_approved(
                to=to, full_name=self._names(payment.payer_identity), receipt=payment.receipt,
                authorization=payment.reference, amount=payment.amount, concept=payment.description, at=at,
                transaction_id=transaction_id, method=method, portal_url=self._portal_url))

    # --- the sweeper (app.py, every few minutes)
    def sweep(self) -> SweepResult:
        now = self._now()
        asked = settled = unavailable = 0
        for payment in self._repository.pending(created_before=now - timedelta(minutes=SWEEP_AFTER_MINUTES)):
            asked += 1
            try:
                transaction = self._gateway.transaction(payment.transaction_id, payment.payment_id)
            except GatewayUnavailable:
                unavailable += 1
                continue
            if transaction is not None and transaction.status.final:
                outcome = self.apply(transaction)
            elif transaction is None and now >= payment.expires_at:
                outcome = self._decide(payment, PaymentState.RECHAZADO, EXPIRED, None, None)
            else:
                continue
            settled += outcome != PaymentState.PENDIENTE.value
        if asked:
            logger.info("payments swept", extra={"asked": asked, "settled": settled, "unavailable": unavailable})
        return SweepResult(asked, settled, unavailable)

    # --- operators
    def pending(self, limit: int = 100) -> list[Payment]:
        return self._repository.pending(limit=limit)


class CopayPaymentStates:
    """For OPS's "Pagar" rule: the OPS numbers that already have an approved or pending payment."""

    def __init__(self, repository: OnlinePaymentRepository):
        self._repository = repository

    def blocking(self, numeros: Iterable[str]) -> set[str]:
        return self._repository.locked(PaymentKind.COPAGO, numeros)
