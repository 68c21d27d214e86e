"""PynamoDB model of the pqrs table: each PQRS, the yearly consecutive of radicados, and the idempotency keys of
"Nueva solicitud" (a day, TTL). Read and written only through chalicelib/pqrs/repository.py."""

from __future__ import annotations

from pynamodb.attributes import MapAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.common.db import table

PQRS = "PQRS"
SEQUENCE = "CONSECUTIVO"
IDEMPOTENCY = "CLAVE"


class PqrsByState(GlobalSecondaryIndex):
    """The operators' queue: a state, soonest due first."""

    class Meta:
        index_name = "by_state"
        projection = AllProjection()

    state = UnicodeAttribute(hash_key=True)
    due_key = UnicodeAttribute(range_key=True)  # "<due ISO date>#<radicado>"


class PqrsByAffiliate(GlobalSecondaryIndex):
    """One affiliate's radicados."""

    class Meta:
        index_name = "by_affiliate"
        projection = AllProjection()

    affiliate = UnicodeAttribute(hash_key=True)
    filed_key = UnicodeAttribute(range_key=True)  # "<UTC ISO>#<radicado>"


class PqrsByDueMonth(GlobalSecondaryIndex):
    """The PQRS due in a month (the on-time rate)."""

    class Meta:
        index_name = "by_due_month"
        projection = AllProjection()

    due_month = UnicodeAttribute(hash_key=True)  # "AAAA-MM"
    due_key = UnicodeAttribute(range_key=True)


@table("pqrs")
class PqrsRecord(Model):
    class Meta:
        table_name = "pqrs"

    pqrs_id = UnicodeAttribute(hash_key=True)  # "PQRS#<radicado>" | "CONSECUTIVO#<AAAA>" | "CLAVE#<hash>"
    kind = UnicodeAttribute()
    # the consecutive
    last = NumberAttribute(null=True)
    # an idempotency key
    radicado = UnicodeAttribute(null=True)
    expires_at = NumberAttribute(null=True)  # epoch seconds; TTL
    # a PQRS
    tipo = UnicodeAttribute(null=True)
    channel = UnicodeAttribute(null=True)
    descripcion = UnicodeAttribute(null=True)
    filed_at = UnicodeAttribute(null=True)  # UTC ISO
    filed_key = UnicodeAttribute(null=True)
    due_on = UnicodeAttribute(null=True)  # ISO date (Bogotá)
    due_key = UnicodeAttribute(null=True)
    due_month = UnicodeAttribute(null=True)
    state = UnicodeAttribute(null=True)
    affiliate = UnicodeAttribute(null=True)
    sender = MapAttribute(null=True)
    answer_text = UnicodeAttribute(null=True)
    answered_by = UnicodeAttribute(null=True)
    answered_at = UnicodeAttribute(null=True)
    rating = NumberAttribute(null=True)
    rated_at = UnicodeAttribute(null=True)
    by_state = PqrsByState()
    by_affiliate = PqrsByAffiliate()
    by_due_month = PqrsByDueMonth()
