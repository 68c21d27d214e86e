"""Persistence of the access log: conditional puts of new keys and newest-first queries; no update, no delete."""

from __future__ import annotations

from chalicelib.access_log.models import AccessLogRecord
from chalicelib.common.pagination import Page, query_page


class AccessLogRepository:
    def add(self, record: AccessLogRecord) -> None:
        record.save(condition=AccessLogRecord.entry_key.does_not_exist())

    def of_provider(self, provider_id: str, *, limit: int, cursor: str | None) -> Page[AccessLogRecord]:
        return query_page(AccessLogRecord, "provider_id", provider_id, limit=limit, cursor=cursor, newest_first=True)

    def of_day(self, day: str, *, limit: int, cursor: str | None) -> Page[AccessLogRecord]:
        return query_page(AccessLogRecord.by_day, "day", day, limit=limit, cursor=cursor, newest_first=True)
