"""The survey's period: a calendar month in Bogotá ("AAAA-MM"), and the report's month range."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from chalicelib.common.clock import BOGOTA
from chalicelib.common.errors import InvalidInput
from chalicelib.common.validation import FIELDS_INVALID
from chalicelib.survey.questions import Channel

MAX_REPORT_MONTHS = 36
DEFAULT_REPORT_MONTHS = 12
_MONTH = re.compile(r"(20\d\d)-(0[1-9]|1[0-2])")  # this century: the portal has no older data


def period_of(moment: datetime) -> str:
    return moment.astimezone(BOGOTA).strftime("%Y-%m")


def _index(month: str) -> int:
    year, number = int(month[:4]), int(month[5:7])
    return year * 12 + number - 1


def _month(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def next_period_start(period: str) -> date:
    following = _month(_index(period) + 1)
    return date(int(following[:4]), int(following[5:7]), 1)


def months_between(first: str, last: str) -> list[str]:
    return [_month(i) for i in range(_index(first), _index(last) + 1)]


@dataclass(frozen=True, slots=True)
class ReportQuery:
    first: str
    last: str
    channels: tuple[Channel, ...]

    @classmethod
    def parse(cls, params: dict, current_period: str) -> ReportQuery:
        """`desde`/`hasta` "AAAA-MM" (default: the 12 months up to this one), `canal` (default: every one)."""
        errors = [{"campo": name, "mensaje": "Mes inválido, use AAAA-MM"}
                  for name in ("desde", "hasta") if params.get(name) and not _MONTH.fullmatch(params[name])]
        last = params.get("hasta") or current_period
        first = params.get("desde") or (_month(_index(last) - DEFAULT_REPORT_MONTHS + 1) if not errors else "")
        channel = params.get("canal")
        allowed = [c.value for c in Channel]
        if channel and channel not in allowed:
            errors.append({"campo": "canal", "mensaje": "Valor no permitido. Valores válidos: " + ", ".join(allowed)})
        if not errors:
            span = _index(last) - _index(first) + 1
            if span < 1:
                errors.append({"campo": "hasta", "mensaje": 'El mes "hasta" no puede ser anterior al mes "desde"'})
            elif span > MAX_REPORT_MONTHS:
                errors.append({"campo": "hasta", "mensaje": f"El rango no puede superar {MAX_REPORT_MONTHS} meses"})
        if errors:
            raise InvalidInput(FIELDS_INVALID, details=errors)
        return cls(first, last, (Channel(channel),) if channel else tuple(Channel))
