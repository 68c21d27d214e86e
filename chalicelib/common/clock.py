"""Time in America/Bogota, the portal's civil time."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

BOGOTA = ZoneInfo("America/Bogota")


def now() -> datetime:
    return datetime.now(tz=BOGOTA)


def epoch_seconds() -> int:
    return int(datetime.now(tz=BOGOTA).timestamp())
