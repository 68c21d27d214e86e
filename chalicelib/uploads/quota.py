"""Daily quotas: how many requests a provider may register per America/Bogota day, counted atomically.

One item per (purpose, provider, day); a request takes a slot with one conditional UpdateItem
(`ADD used :1` only while `used < limit`), so two simultaneous requests can never both take the last
slot. A slot can be given back (an upload that never arrived, a file refused as a whole); `registered`
counts every request ever taken that day and has its own, higher ceiling, so giving slots back cannot be
used to register without end. DynamoDB TTL removes the items a few days later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import UpdateError
from pynamodb.models import Model

from chalicelib.common.clock import BOGOTA
from chalicelib.common.db import table

_KEEP = timedelta(days=3)


@table("daily_quotas")
class DailyQuotaRecord(Model):
    class Meta:
        table_name = "daily_quotas"

    quota_key = UnicodeAttribute(hash_key=True)  # "cartera#NI#900123456#2026-12-02"
    used = NumberAttribute(default=0)  # slots held now
    registered = NumberAttribute(default=0)  # slots ever taken this day (given back or not)
    expires_at = NumberAttribute()  # TTL


class QuotaExceeded(Exception):
    def __init__(self, limit: int, resets_at: datetime):
        super().__init__(f"quota of {limit} exhausted until {resets_at.isoformat()}")
        self.limit = limit
        self.resets_at = resets_at  # next Bogotá midnight


@dataclass(frozen=True, slots=True)
class DailyQuota:
    purpose: str  # "cartera"
    limit: int  # slots a day
    ceiling: int  # requests a day, including those whose slot was given back

    def key(self, provider_id: str, day: date) -> str:
        return f"{self.purpose}#{provider_id}#{day.isoformat()}"

    def take(self, provider_id: str, now: datetime) -> tuple[str, int]:
        """Take a slot of `now`'s Bogotá day: (quota day, slots left); QuotaExceeded when none is left."""
        day = now.astimezone(BOGOTA).date()
        expires = int(datetime.combine(day, time(0), BOGOTA).timestamp() + _KEEP.total_seconds())
        record = DailyQuotaRecord(self.key(provider_id, day))
        condition = ((DailyQuotaRecord.used.does_not_exist() | (DailyQuotaRecord.used < self.limit))
                     & (DailyQuotaRecord.registered.does_not_exist() | (DailyQuotaRecord.registered < self.ceiling)))
        try:
            record.update(actions=[DailyQuotaRecord.used.add(1), DailyQuotaRecord.registered.add(1),
                                   DailyQuotaRecord.expires_at.set(expires)], condition=condition)
        except UpdateError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
            raise QuotaExceeded(self.limit, datetime.combine(day + timedelta(days=1), time(0), BOGOTA)) from None
        return day.isoformat(), self.limit - int(record.used)

    def give_back(self, provider_id: str, day: str) -> None:
        """Return one slot of `day` (the caller makes sure each request gives back at most once)."""
        try:
            DailyQuotaRecord(f"{self.purpose}#{provider_id}#{day}").update(
                actions=[DailyQuotaRecord.used.add(-1)], condition=DailyQuotaRecord.used > 0)
        except UpdateError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise

    def used(self, provider_id: str, day: date) -> int:
        try:
            return int(DailyQuotaRecord.get(self.key(provider_id, day), consistent_read=True).used)
        except DailyQuotaRecord.DoesNotExist:
            return 0
