"""The one clock: instants (UTC, stored), epoch seconds (tokens, throttling) and America/Bogota, the
portal's civil time (what people see). Every reader goes through `utcnow`, so `set_source` moves the whole app's
time at once (a test that waits out a throttle or a retry without sleeping)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

BOGOTA = ZoneInfo("America/Bogota")

_source: Callable[[], datetime] | None = None  # None: the system clock


def set_source(source: Callable[[], datetime] | None) -> None:
    """Read the time from `source` (aware datetimes) from now on; None returns to the system clock."""
    global _source
    _source = source


def utcnow() -> datetime:
    return _source().astimezone(UTC) if _source else datetime.now(tz=UTC)


def now() -> datetime:
    return utcnow().astimezone(BOGOTA)


def epoch_seconds() -> int:
    return int(utcnow().timestamp())
