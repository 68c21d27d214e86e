"""PynamoDB model of Registrar mi Solicitud (table presolicitudes): the acceptances of the terms, the drafts being
filled (removed by TTL when abandoned) and the presolicitudes sent, with the operators' queue by state.

Read and written only through chalicelib/authorizations/presolicitudes_repository.py."""

from __future__ import annotations

from pynamodb.attributes import ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.common.db import table

CONSENT = "CONSENTIMIENTO"
DRAFT = "BORRADOR"
PRESOLICITUD = "PRESOLICITUD"


class FileMap(MapAttribute):
    file_id = UnicodeAttribute()
    tipo_soporte = UnicodeAttribute()
    filename = UnicodeAttribute()
    content_type = UnicodeAttribute()
    size = NumberAttribute()
    key = UnicodeAttribute()


class PresolicitudesByQueue(GlobalSecondaryIndex):
    """The operators' queue: "PRESOLICITUD#<state>", oldest first."""

    class Meta:
        index_name = "by_queue"
        projection = AllProjection()

    queue = UnicodeAttribute(hash_key=True)
    queued_key = UnicodeAttribute(range_key=True)  # "<UTC ISO>#<id>"


class PresolicitudesByAffiliate(GlobalSecondaryIndex):
    """One person's presolicitudes (Consultar estado)."""

    class Meta:
        index_name = "by_affiliate"
        projection = AllProjection()

    affiliate = UnicodeAttribute(hash_key=True)
    queued_key = UnicodeAttribute(range_key=True)


@table("presolicitudes")
class PresolicitudRecord(Model):
    class Meta:
        table_name = "presolicitudes"

    item_id = UnicodeAttribute(hash_key=True)  # "PRESOLICITUD#<id>", "BORRADOR#<id>", "CONSENTIMIENTO#<identity>#<v>"
    kind = UnicodeAttribute()
    requested_by = UnicodeAttribute(null=True)  # the caller's identity
    created_at = UnicodeAttribute(null=True)  # UTC ISO
    # a consent
    version = UnicodeAttribute(null=True)
    # a draft or a presolicitud
    affiliate = UnicodeAttribute(null=True)  # absent on drafts: only presolicitudes are listed per person
    draft_affiliate = UnicodeAttribute(null=True)
    plan = UnicodeAttribute(null=True)
    consent_version = UnicodeAttribute(null=True)
    consent_at = UnicodeAttribute(null=True)
    files = ListAttribute(of=FileMap, null=True)
    revision = NumberAttribute(null=True)  # a draft's optimistic lock
    expires_at = NumberAttribute(null=True)  # a draft's end (epoch seconds); DynamoDB TTL removes it afterwards
    # a presolicitud
    numero = UnicodeAttribute(null=True)
    observaciones = UnicodeAttribute(null=True)
    state = UnicodeAttribute(null=True)
    queue = UnicodeAttribute(null=True)
    queued_key = UnicodeAttribute(null=True)
    by_queue = PresolicitudesByQueue()
    by_affiliate = PresolicitudesByAffiliate()
    taken_by = UnicodeAttribute(null=True)
    taken_at = UnicodeAttribute(null=True)
    decided_by = UnicodeAttribute(null=True)
    decided_at = UnicodeAttribute(null=True)
    observacion = UnicodeAttribute(null=True)
