"""The only module that touches the online_payments table (models.py)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from pynamodb.exceptions import DoesNotExist, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from chalicelib.online_payments.models import LOCK, PAYMENT, OnlinePaymentRecord
from chalicelib.online_payments.types import Payment, PaymentKind, PaymentState

Record = OnlinePaymentRecord
PENDING_QUEUE = PaymentState.PENDIENTE.value


def _iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat()


def _instant(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def lock_id(kind: PaymentKind, reference: str) -> str:
    return f"{LOCK}#{kind.value}#{reference}"


def _payment(r: Record) -> Payment:
    return Payment(payment_id=r.payment_id, kind=PaymentKind(r.kind), reference=r.reference, holder_identity=r.holder,
                   holder_ref=r.holder_ref, payer_identity=r.payer, amount=int(r.amount), description=r.description,
                   state=PaymentState(r.state), created_at=_instant(r.created_at), expires_at=_instant(r.expires_at),
                   receipt=r.receipt, observation=r.observation, transaction_id=r.transaction_id,
                   payment_method=r.payment_method, decided_at=_instant(r.decided_at), settled=bool(r.settled))


def _condition_failed(exc: TransactWriteError) -> bool:
    return any(reason is not None and reason.code == "ConditionalCheckFailed" for reason in exc.cancellation_reasons)


class OnlinePaymentRepository:
    def open(self, payment: Payment) -> bool:
        """Records a pending payment and takes its charge's lock; False (nothing written) when the lock is held."""
        record = Record(
            payment.payment_id, item=PAYMENT, kind=payment.kind.value, reference=payment.reference,
            holder=payment.holder_identity, holder_ref=payment.holder_ref, payer=payment.payer_identity,
            created_key=f"{_iso(payment.created_at)}#{payment.payment_id}", queue=PENDING_QUEUE,
            amount=payment.amount, description=payment.description, state=payment.state.value,
            created_at=_iso(payment.created_at), expires_at=_iso(payment.expires_at), receipt=payment.receipt)
        lock = Record(lock_id(payment.kind, payment.reference), item=LOCK, held_by=payment.payment_id)
        try:
            with TransactWrite(connection=Record._get_connection().connection) as tx:
                tx.save(lock, condition=Record.payment_id.does_not_exist())
                tx.save(record, condition=Record.payment_id.does_not_exist())
        except TransactWriteError as exc:
            if _condition_failed(exc):
                return False
            raise
        return True

    def get(self, payment_id: str) -> Payment | None:
        try:
            record = Record.get(payment_id, consistent_read=True)
        except DoesNotExist:
            return None
        return _payment(record) if record.item == PAYMENT else None

    def note_transaction(self, payment_id: str, transaction_id: str, method: str | None) -> None:
        """A pending payment's transaction at the gateway (what the sweeper asks about)."""
        actions = [Record.transaction_id.set(transaction_id)]
        if method:
            actions.append(Record.payment_method.set(method))
        try:
            Record(payment_id).update(actions=actions, condition=Record.state == PENDING_QUEUE)
        except UpdateError as exc:
            if getattr(exc, "cause_response_code", None) != "ConditionalCheckFailedException":
                raise

    def decide(self, payment: Payment, state: PaymentState, observation: str | None, transaction_id: str | None,
               method: str | None, at: datetime) -> bool:
        """Pending → `state`, once: False when another event or the sweeper got there first. A rejected payment
        frees its charge for a new attempt."""
        actions = [Record.state.set(state.value), Record.queue.remove(), Record.decided_at.set(_iso(at))]
        actions += [attribute.set(value) for attribute, value in ((Record.observation, observation),
                                                                  (Record.transaction_id, transaction_id),
                                                                  (Record.payment_method, method)) if value]
        try:
            with TransactWrite(connection=Record._get_connection().connection) as tx:
                tx.update(Record(payment.payment_id), actions=actions, condition=Record.state == PENDING_QUEUE)
                if state is PaymentState.RECHAZADO:
                    tx.delete(Record(lock_id(payment.kind, payment.reference)),
                              condition=Record.held_by == payment.payment_id)
        except TransactWriteError as exc:
            if _condition_failed(exc):
                return False
            raise
        return True

    def mark_settled(self, payment_id: str) -> None:
        Record(payment_id).update(actions=[Record.settled.set(True)])

    def of_holders(self, identities: Iterable[str]) -> list[Payment]:
        return [_payment(r) for identity in identities for r in Record.by_holder.query(identity)]

    def pending(self, *, created_before: datetime | None = None, limit: int = 100) -> list[Payment]:
        condition = Record.created_key < _iso(created_before) if created_before else None
        return [_payment(r) for r in Record.by_queue.query(PENDING_QUEUE, range_key_condition=condition,
                                                           limit=limit)]

    def locked(self, kind: PaymentKind, references: Iterable[str]) -> set[str]:
        """The references among `references` whose charge has a pending or approved payment."""
        keys = {lock_id(kind, reference): reference for reference in set(references)}
        return {keys[r.payment_id] for r in Record.batch_get(list(keys))} if keys else set()
