"""Leases: one holder at a time for a named resource (an entity's EPS loads; later a provider's glosa loads).

A lease is taken with one conditional write — free, expired, or already ours — and released only by its
holder, so a crashed holder blocks others for at most `seconds`; holders renew while they work. A lease
may also carry an order (the upload order of the loads it serialises): it then refuses anything older
than the newest order that ever held it, so an old file can never overwrite what a newer one wrote.

`LeaseTable` is what pipelines are handed (wiring.py); the module-level functions use one default table.
"""

from __future__ import annotations

from dataclasses import dataclass

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist, UpdateError
from pynamodb.models import Model

from chalicelib.common.db import table

_KEEP_SECONDS = 90 * 24 * 3600  # the item (and its newest order) outlives any lease by far


@table("leases")
class LeaseRecord(Model):
    class Meta:
        table_name = "leases"

    lease_key = UnicodeAttribute(hash_key=True)  # "ingest#invoices"
    holder = UnicodeAttribute(null=True)
    holder_until = NumberAttribute(null=True)  # epoch seconds
    newest_order = UnicodeAttribute(null=True)
    newest_holder = UnicodeAttribute(null=True)
    expires_at = NumberAttribute(null=True)  # TTL of the item itself


@dataclass(frozen=True, slots=True)
class Taken:
    acquired: bool
    superseded_by: str | None = None  # holder whose newer order already took the lease


class LeaseTable:
    """The leases table."""

    def acquire(self, key: str, holder: str, *, now: float, seconds: int, order: str | None = None) -> Taken:
        """Take the lease for `seconds`; Taken(False) while another holder has it, or superseded when older."""
        free = (LeaseRecord.holder.does_not_exist() | (LeaseRecord.holder_until < now)
                | (LeaseRecord.holder == holder))
        actions = [LeaseRecord.holder.set(holder), LeaseRecord.holder_until.set(now + seconds),
                   LeaseRecord.expires_at.set(int(now) + _KEEP_SECONDS)]
        condition = free
        if order is not None:
            condition = free & (LeaseRecord.newest_order.does_not_exist() | (LeaseRecord.newest_order <= order))
            actions += [LeaseRecord.newest_order.set(order), LeaseRecord.newest_holder.set(holder)]
        try:
            LeaseRecord(key).update(actions=actions, condition=condition)
            return Taken(True)
        except UpdateError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
        current = self._get(key)
        if order is not None and current and current.newest_order and current.newest_order > order:
            return Taken(False, superseded_by=current.newest_holder)
        return Taken(False)

    def renew(self, key: str, holder: str, *, now: float, seconds: int) -> bool:
        return self._if_held(key, holder, [LeaseRecord.holder_until.set(now + seconds)])

    def release(self, key: str, holder: str) -> bool:
        """Free the lease if `holder` has it (a no-op otherwise: releasing twice is harmless)."""
        return self._if_held(key, holder, [LeaseRecord.holder.remove(), LeaseRecord.holder_until.remove()])

    @staticmethod
    def _if_held(key: str, holder: str, actions: list) -> bool:
        try:
            LeaseRecord(key).update(actions=actions, condition=LeaseRecord.holder == holder)
            return True
        except UpdateError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
            return False

    def holder_of(self, key: str, *, now: float | None = None) -> str | None:
        """Who holds the lease; with `now`, only a holder whose lease has not run out."""
        current = self._get(key)
        if not current or (now is not None and (current.holder_until or 0) < now):
            return None
        return current.holder

    @staticmethod
    def _get(key: str) -> LeaseRecord | None:
        try:
            return LeaseRecord.get(key, consistent_read=True)
        except DoesNotExist:
            return None


_default = LeaseTable()
acquire = _default.acquire
renew = _default.renew
release = _default.release
holder_of = _default.holder_of
