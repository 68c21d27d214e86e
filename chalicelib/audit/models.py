"""Append-only audit trail of account events, partitioned by provider."""

from pynamodb.attributes import MapAttribute, UnicodeAttribute
from pynamodb.models import Model

from chalicelib.common.db import table

NO_PROVIDER = "SIN-PRESTADOR"  # events of identities not linked to any provider (e.g. unknown logins)


@table("audit_events")
class AuditEventRecord(Model):
    class Meta:
        table_name = "audit_events"

    provider_id = UnicodeAttribute(hash_key=True)
    event_key = UnicodeAttribute(range_key=True)  # "<UTC ISO time>#<uuid>": sorts by time
    event = UnicodeAttribute()
    actor_id = UnicodeAttribute(null=True)  # who did it (None: not authenticated)
    subject_id = UnicodeAttribute(null=True)  # whom it concerns
    source_ip = UnicodeAttribute(null=True)
    at = UnicodeAttribute()  # America/Bogota ISO time, as shown to people
    details = MapAttribute(null=True)
