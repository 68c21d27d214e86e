"""Persistence of the access log (chalicelib/access_log/models.py), its only owner: conditional puts of new keys and
newest-first queries; no update, no delete. It takes and hands out `AccessEntry`, a plain frozen value."""

from __future__ import annotations

from pynamodb.attributes import MapAttribute

from chalicelib.access_log.models import AccessLogRecord
from chalicelib.common.db import frozen_type, record_of
from chalicelib.common.pagination import Page, query_page

AccessEntry = frozen_type("AccessEntry", AccessLogRecord)


def _entry(record: AccessLogRecord) -> AccessEntry:
    values = {name: getattr(record, name) for name in AccessLogRecord.get_attributes()}
    params = record.params
    values["params"] = params.as_dict() if isinstance(params, MapAttribute) else dict(params or {})
    return AccessEntry(**values)


def _page(page: Page[AccessLogRecord]) -> Page[AccessEntry]:
    return Page([_entry(r) for r in page.items], page.cursor)


class AccessLogRepository:
    def add(self, entry: AccessEntry) -> None:
        record_of(AccessLogRecord, entry).save(condition=AccessLogRecord.entry_key.does_not_exist())

    def of_provider(self, provider_id: str, *, limit: int, cursor: str | None) -> Page[AccessEntry]:
        return _page(query_page(AccessLogRecord, "provider_id", provider_id, limit=limit, cursor=cursor,
                                newest_first=True))

    def of_day(self, day: str, *, limit: int, cursor: str | None) -> Page[AccessEntry]:
        return _page(query_page(AccessLogRecord.by_day, "day", day, limit=limit, cursor=cursor, newest_first=True))
