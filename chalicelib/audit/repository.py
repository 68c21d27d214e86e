"""The audit trail's table (chalicelib/audit/models.py): its only owner. Conditional puts of new keys and
newest-first queries; no update or delete here, nor in the IAM policy."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pynamodb.attributes import MapAttribute

from chalicelib.audit.models import NO_PROVIDER, AuditEventRecord
from chalicelib.common.db import frozen_type, record_of
from chalicelib.common.pagination import Page, query_page

__all__ = ["NO_PROVIDER", "AuditEntry", "AuditRepository", "EventDetails"]

AuditEntry = frozen_type("AuditEntry", AuditEventRecord)


class EventDetails(Mapping[str, Any]):
    """An event's details, read-only; `as_dict()` gives a copy, as the record's map attribute did."""

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[str, Any]):
        self._values = dict(values)

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def as_dict(self) -> dict[str, Any]:
        return dict(self._values)


def _entry(record: AuditEventRecord) -> AuditEntry:
    values = {name: getattr(record, name) for name in AuditEventRecord.get_attributes()}
    details = record.details.as_dict() if isinstance(record.details, MapAttribute) else record.details
    values["details"] = EventDetails(details) if details else None
    return AuditEntry(**values)


class AuditRepository:
    def add(self, entry: AuditEntry) -> None:
        record = record_of(AuditEventRecord, entry)
        record.details = entry.details.as_dict() if entry.details else None
        record.save(condition=AuditEventRecord.event_key.does_not_exist())

    def of_provider(self, provider_id: str, *, limit: int, cursor: str | None) -> Page[AuditEntry]:
        page = query_page(AuditEventRecord, "provider_id", provider_id, limit=limit, cursor=cursor, newest_first=True)
        return Page([_entry(r) for r in page.items], page.cursor)
