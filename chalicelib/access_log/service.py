"""Who read what (Ley 1581 de 2012): every read of EPS data through a route declared with `reads=ReadLog(...)`.

A route's parameters are recorded in clear only when its declaration names them as safe (payment numbers,
dates, invoice numbers); any other value — a document number, a name, a cursor — is kept as a keyed hash,
so the log can tell whether a given value was looked up without holding it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol

from chalicelib.access_log.repository import AccessEntry
from chalicelib.access_log.schemas import AccessEntryView, AccessPage
from chalicelib.accounts.permissions import Principal
from chalicelib.common.clock import BOGOTA, utcnow
from chalicelib.common.errors import InvalidInput
from chalicelib.common.pagination import Page
from chalicelib.common.validation import FIELDS_INVALID

# Sanctions of the SIC under Ley 1581 lapse 3 years after the facts (Ley 1437 de 2011 art. 52); entries are
# kept 5 years so that an investigation opened late still finds them. DynamoDB TTL removes them afterwards.
RETENTION = timedelta(days=5 * 366)
HASH_PREFIX = "hmac:"


def records_read(result: Any) -> int:
    return int(getattr(result, "records_read", 0))


def no_details(result: Any) -> dict[str, str]:
    return {}


@dataclass(frozen=True, slots=True)
class ReadLog:
    """Declared on a route (`http.endpoint(..., reads=ReadLog(...))`) that answers EPS data."""

    clear: tuple[str, ...] = ()  # parameters recorded as given; every other one is hashed
    count: Callable[[Any], int] = records_read  # records in the view's result
    details: Callable[[Any], dict[str, str]] = no_details  # parameters the result adds (an issued PDF's code)


class AccessLogStore(Protocol):
    """chalicelib/access_log/repository.py; the unit tests' in-memory fake."""

    def add(self, entry: AccessEntry) -> None: ...

    def of_provider(self, provider_id: str, *, limit: int, cursor: str | None) -> Page[AccessEntry]: ...

    def of_day(self, day: str, *, limit: int, cursor: str | None) -> Page[AccessEntry]: ...


def entry_view(entry: AccessEntry) -> AccessEntryView:
    return AccessEntryView(fecha=entry.at, prestador=entry.provider_id, persona=entry.person_id, rol=entry.role,
                           metodo=entry.method, ruta=entry.route, parametros=dict(entry.params),
                           estado=int(entry.status), registros=int(entry.records), ip=entry.source_ip)


class AccessLogService:
    def __init__(self, store: AccessLogStore, secret: bytes, *,
                 clock: Callable[[], datetime] = utcnow,
                 new_id: Callable[[], str] = lambda: uuid.uuid4().hex):
        self._store = store
        self._secret = secret
        self._clock = clock
        self._new_id = new_id

    def pseudonym(self, value: str) -> str:
        return HASH_PREFIX + hmac.new(self._secret, value.encode("utf-8"), hashlib.sha256).hexdigest()[:24]

    def record(self, principal: Principal, log: ReadLog, *, method: str, route: str, params: dict[str, str],
               status: int, records: int, source_ip: str) -> None:
        now = self._clock().astimezone(UTC)
        local = now.astimezone(BOGOTA)
        shown = {name: value if name in log.clear else self.pseudonym(value)
                 for name, value in sorted(params.items()) if value}
        self._store.add(AccessEntry(
            provider_id=principal.provider_id, entry_key=f"{now.isoformat()}#{self._new_id()}",
            day=local.date().isoformat(),
            at=local.isoformat(timespec="seconds"), person_id=principal.person_id, role=principal.role.value,
            method=method, route=route, params=shown, status=status, records=records, source_ip=source_ip,
            expires_at=int((now + RETENTION).timestamp())))

    def of_provider(self, provider_id: str, limit: int, cursor: str | None) -> AccessPage:
        return self._page(self._store.of_provider(provider_id, limit=limit, cursor=cursor))

    def for_operator(self, params: dict, limit: int, cursor: str | None) -> AccessPage:
        """One provider's entries (`prestador=NI-900123456`), or every provider's of one Bogotá day (`fecha`,
        today when not given)."""
        provider = params.get("prestador")
        if provider:
            if not re.fullmatch(r"[A-Z]{2}-[0-9]{3,20}", provider):
                raise InvalidInput(FIELDS_INVALID, details=[
                    {"campo": "prestador", "mensaje": "Use tipo y número de documento, p. ej. NI-900123456"}])
            return self.of_provider(provider.replace("-", "#", 1), limit, cursor)
        return self._of_day(params.get("fecha"), limit, cursor)

    def _of_day(self, raw_day: str | None, limit: int, cursor: str | None) -> AccessPage:
        day = raw_day or self._clock().astimezone(BOGOTA).date().isoformat()
        try:
            date.fromisoformat(day)
            if len(day) != 10:
                raise ValueError
        except ValueError as exc:
            raise InvalidInput(FIELDS_INVALID, details=[
                {"campo": "fecha", "mensaje": "Fecha inválida, use AAAA-MM-DD"}]) from exc
        return self._page(self._store.of_day(day, limit=limit, cursor=cursor))

    @staticmethod
    def _page(page: Page[AccessEntry]) -> AccessPage:
        return AccessPage(accesos=[entry_view(r) for r in page.items], siguiente=page.cursor)
