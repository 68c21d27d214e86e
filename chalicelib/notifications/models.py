"""The outbox: every email the portal sends is a row here before it reaches SES."""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.common.db import table

PENDING = "PENDIENTE"
SENT = "ENVIADO"
FAILED = "FALLIDO"


class OutboxDue(GlobalSecondaryIndex):
    """Sparse: only messages waiting for (another) attempt carry `due`, so the retry reads nothing else."""

    class Meta:
        index_name = "by_due"
        projection = AllProjection()

    due = UnicodeAttribute(hash_key=True)
    next_attempt_at = NumberAttribute(range_key=True)


@table("outbox")
class OutboxRecord(Model):
    class Meta:
        table_name = "outbox"

    message_id = UnicodeAttribute(hash_key=True)
    to = UnicodeAttribute()
    subject = UnicodeAttribute()
    # The body (it may hold a generated password) is kept only until SES accepts it or we give up.
    text = UnicodeAttribute(null=True)
    state = UnicodeAttribute(default=PENDING)  # PENDIENTE | ENVIADO | FALLIDO
    due = UnicodeAttribute(null=True)  # PENDIENTE while an attempt is due (the by_due index)
    by_due = OutboxDue()
    next_attempt_at = NumberAttribute(default=0)
    attempts = NumberAttribute(default=0)
    last_error = UnicodeAttribute(null=True)  # the SES error code, never the message's content
    created_at = UTCDateTimeAttribute()
    sent_at = UTCDateTimeAttribute(null=True)
    expires_at = NumberAttribute()  # DynamoDB TTL
