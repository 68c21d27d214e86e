"""PynamoDB model of what Mi cuenta keeps of its own (table affiliate_requests): supports sent, IPS-change
requests, the lock that keeps one IPS change in process per person, and email changes awaiting confirmation.

Read and written only through chalicelib/affiliates/requests_repository.py."""

from __future__ import annotations

from pynamodb.attributes import MapAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.common.db import table

SUPPORT = "SOPORTE"
IPS_CHANGE = "CAMBIO_IPS"
IPS_LOCK = "IPS_EN_TRAMITE"
EMAIL_CHANGE = "CORREO"


class RequestsByQueue(GlobalSecondaryIndex):
    """An operator queue: "<kind>#<state>", oldest first."""

    class Meta:
        index_name = "by_queue"
        projection = AllProjection()

    queue = UnicodeAttribute(hash_key=True)
    queued_key = UnicodeAttribute(range_key=True)  # "<UTC ISO>#<id>"


class RequestsByAffiliate(GlobalSecondaryIndex):
    """One person's supports and IPS-change requests (what their Mi cuenta shows)."""

    class Meta:
        index_name = "by_affiliate"
        projection = AllProjection()

    affiliate = UnicodeAttribute(hash_key=True)
    queued_key = UnicodeAttribute(range_key=True)


@table("affiliate_requests")
class AffiliateRequestRecord(Model):
    class Meta:
        table_name = "affiliate_requests"

    request_id = UnicodeAttribute(hash_key=True)  # an id; "IPS_EN_TRAMITE#<identity>"; "CORREO#<code hash>"
    kind = UnicodeAttribute()
    state = UnicodeAttribute(null=True)
    queue = UnicodeAttribute(null=True)  # absent on locks and email changes: not in any queue
    queued_key = UnicodeAttribute(null=True)
    affiliate = UnicodeAttribute(null=True)
    by_queue = RequestsByQueue()
    by_affiliate = RequestsByAffiliate()
    requested_by = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute(null=True)  # UTC ISO
    # a support
    batch_id = UnicodeAttribute(null=True)
    tipo_soporte = UnicodeAttribute(null=True)
    filename = UnicodeAttribute(null=True)
    content_type = UnicodeAttribute(null=True)
    size = NumberAttribute(null=True)
    file_key = UnicodeAttribute(null=True)
    # an IPS change
    current_nit = UnicodeAttribute(null=True)
    current_sucursal = UnicodeAttribute(null=True)
    desired_nit = UnicodeAttribute(null=True)
    desired_sucursal = UnicodeAttribute(null=True)
    desired_name = UnicodeAttribute(null=True)
    motivo_cambio = UnicodeAttribute(null=True)
    contact = MapAttribute(null=True)  # the form's fields as given
    # a decision
    decided_by = UnicodeAttribute(null=True)
    decided_at = UnicodeAttribute(null=True)
    motivo = UnicodeAttribute(null=True)
    # an email change
    identities = UnicodeAttribute(null=True)  # space separated
    correo = UnicodeAttribute(null=True)
    expires_at = NumberAttribute(null=True)  # epoch seconds; DynamoDB TTL removes it afterwards
