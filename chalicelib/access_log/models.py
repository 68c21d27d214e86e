"""Who read what: one item per read of EPS data (Ley 1581 de 2012), partitioned by provider."""

from pynamodb.attributes import MapAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.common.db import table


class AccessesByDay(GlobalSecondaryIndex):
    """Every provider's reads of one Bogotá day, for the EPS's operators."""

    class Meta:
        index_name = "by_day"
        projection = AllProjection()

    day = UnicodeAttribute(hash_key=True)
    entry_key = UnicodeAttribute(range_key=True)


@table("access_log")
class AccessLogRecord(Model):
    class Meta:
        table_name = "access_log"

    provider_id = UnicodeAttribute(hash_key=True)
    entry_key = UnicodeAttribute(range_key=True)  # "<UTC ISO time>#<uuid>": sorts by time
    day = UnicodeAttribute()  # Bogotá date "AAAA-MM-DD"
    at = UnicodeAttribute()  # Bogotá ISO time, as shown to people
    person_id = UnicodeAttribute()
    role = UnicodeAttribute()
    method = UnicodeAttribute()
    route = UnicodeAttribute()  # the route's template, e.g. "/pagos/{numero_pago}"
    params = MapAttribute(default=dict)  # name → value in clear when declared safe, else a keyed hash
    status = NumberAttribute()
    records = NumberAttribute()
    source_ip = UnicodeAttribute()
    expires_at = NumberAttribute()  # DynamoDB TTL

    by_day = AccessesByDay()
