"""The legal clock of a PQRS: due date, business days left, and the monthly on-time rate.

On-time rate of a month: of the PQRS due that month whose outcome is known — answered, or unanswered past their
due date — the share answered on or before the due date (Bogotá dates). Those not yet due and unanswered are left
out until they are; a month with none known has no rate (None, not 0 %)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from chalicelib.common.business_days import add_business_days, business_days_between
from chalicelib.common.clock import BOGOTA
from chalicelib.pqrs.catalogue import KINDS, PqrsType
from chalicelib.pqrs.types import Pqrs


def due_date(filed_on: date, tipo: PqrsType) -> date:
    return add_business_days(filed_on, KINDS[tipo].business_days)


def days_left(due_on: date, today: date) -> int:
    """Business days from today to the due date: 0 on the due date itself, negative once it has passed."""
    return business_days_between(today, due_on)


def is_overdue(pqrs: Pqrs, today: date) -> bool:
    return pqrs.answer is None and today > pqrs.due_on


def answered_on(pqrs: Pqrs) -> date | None:
    return pqrs.answer.at.astimezone(BOGOTA).date() if pqrs.answer else None


@dataclass(frozen=True, slots=True)
class MonthTally:
    month: str  # "AAAA-MM" of the due dates
    due: int
    on_time: int
    late: int
    overdue: int  # unanswered past the due date
    pending: int  # unanswered, not yet due

    @property
    def rate(self) -> float | None:
        known = self.on_time + self.late + self.overdue
        if not known:
            return None
        exact = Decimal(100 * self.on_time) / Decimal(known)
        return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def tally(month: str, due_that_month: Iterable[Pqrs], today: date) -> MonthTally:
    on_time = late = overdue = pending = due = 0
    for pqrs in due_that_month:
        due += 1
        answered = answered_on(pqrs)
        if answered is not None:
            on_time, late = (on_time + 1, late) if answered <= pqrs.due_on else (on_time, late + 1)
        elif today > pqrs.due_on:
            overdue += 1
        else:
            pending += 1
    return MonthTally(month, due, on_time, late, overdue, pending)
