"""The one clock: instants (UTC, stored), epoch seconds (tokens, throttling) and America/Bogota, the
portal's civil time (what people see)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

BOGOTA = ZoneInfo("America/Bogota")


def utcnow() -> datetime:
    return datetime.now(tz=UTC)


def now() -> datetime:
    return datetime.now(tz=BOGOTA)


def epoch_seconds() -> int:
    return int(utcnow().timestamp())
