"""Business days in Colombia: no Saturdays, Sundays or national holidays (the `holidays` package's "CO" calendar,
Ley 51 de 1983's moved holidays included). Legal terms counted in días hábiles use this one calendar."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import holidays


@cache
def _holidays_of(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("CO", years=year))


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays_of(day.year)


def add_business_days(start: date, days: int) -> date:
    """The `days`-th business day after `start` (`start` itself never counts: a term runs from the next day)."""
    day, left = start, days
    while left:
        day += timedelta(days=1)
        if is_business_day(day):
            left -= 1
    return day


def business_days_between(first: date, last: date) -> int:
    """Business days in (first, last] when last ≥ first; minus those in (last, first] otherwise."""
    if last < first:
        return -business_days_between(last, first)
    return sum(1 for n in range(1, (last - first).days + 1) if is_business_day(first + timedelta(days=n)))
