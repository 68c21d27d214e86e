"""PynamoDB model of the online_payments table (read and written only through repository.py): one item per
payment, and one lock per charge ("BLOQUEO#<kind>#<reference>") held while a payment of it is pending or approved,
so one OPS is paid once, whatever the clicks and the retried events."""

from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.common.db import table

PAYMENT = "PAGO"
LOCK = "BLOQUEO"


class PaymentsByHolder(GlobalSecondaryIndex):
    """One person's payments (their LISTADO DE PAGOS), newest last."""

    class Meta:
        index_name = "by_holder"
        projection = AllProjection()

    holder = UnicodeAttribute(hash_key=True)
    created_key = UnicodeAttribute(range_key=True)  # "<UTC ISO>#<id>"


class PendingPayments(GlobalSecondaryIndex):
    """Sparse: only pending payments carry `queue`, oldest first (the sweeper and the operators' list)."""

    class Meta:
        index_name = "by_queue"
        projection = AllProjection()

    queue = UnicodeAttribute(hash_key=True)
    created_key = UnicodeAttribute(range_key=True)


@table("online_payments")
class OnlinePaymentRecord(Model):
    class Meta:
        table_name = "online_payments"

    payment_id = UnicodeAttribute(hash_key=True)  # 32 hex; "BLOQUEO#<kind>#<reference>" for a lock
    item = UnicodeAttribute()  # PAGO | BLOQUEO
    # a lock: which payment holds it
    held_by = UnicodeAttribute(null=True)
    # a payment
    kind = UnicodeAttribute(null=True)
    reference = UnicodeAttribute(null=True)
    holder = UnicodeAttribute(null=True)  # identity
    holder_ref = UnicodeAttribute(null=True)
    payer = UnicodeAttribute(null=True)  # identity
    created_key = UnicodeAttribute(null=True)
    queue = UnicodeAttribute(null=True)
    by_holder = PaymentsByHolder()
    by_queue = PendingPayments()
    amount = NumberAttribute(null=True)  # whole pesos
    description = UnicodeAttribute(null=True)
    state = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute(null=True)  # UTC ISO
    expires_at = UnicodeAttribute(null=True)
    receipt = UnicodeAttribute(null=True)
    observation = UnicodeAttribute(null=True)
    transaction_id = UnicodeAttribute(null=True)
    payment_method = UnicodeAttribute(null=True)
    decided_at = UnicodeAttribute(null=True)
    settled = BooleanAttribute(null=True)
