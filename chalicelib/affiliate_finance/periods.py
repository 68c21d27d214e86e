"""The filters of the historial (months) and of incapacidades (days): parsed, checked against each other and
against today, each mistake a Spanish message naming its field (all reported at once)."""

from __future__ import annotations

import re
from datetime import date

from chalicelib.common.errors import InvalidInput
from chalicelib.common.validation import FIELDS_INVALID

_MONTH = re.compile(r"^([0-9]{4})-(0[1-9]|1[0-2])$")
_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _error(field: str, message: str) -> dict:
    return {"campo": field, "mensaje": message}


def month_range(desde: str, hasta: str, today: date) -> tuple[str, str]:
    """("AAAA-MM", "AAAA-MM") up to the current period; InvalidInput naming each field otherwise."""
    current = f"{today:%Y-%m}"
    errors = []
    for field, label, value in (("desde", "Desde", desde), ("hasta", "Hasta", hasta)):
        if not value:
            errors.append(_error(field, f"Seleccione el mes de \"{label}\""))
        elif not _MONTH.match(value):
            errors.append(_error(field, f"\"{label}\" debe ser un mes AAAA-MM"))
    if not errors:
        if hasta > current:
            errors.append(_error("hasta", f"\"Hasta\" no puede ser posterior al periodo actual ({current})"))
        if desde > hasta:
            errors.append(_error("desde", "\"Desde\" no puede ser posterior a \"Hasta\""))
    if errors:
        raise InvalidInput(FIELDS_INVALID, code="INVALID_PERIOD", details=errors)
    return desde, hasta


def day_range(desde: str | None, hasta: str | None, today: date) -> tuple[date | None, date | None]:
    """Optional days "AAAA-MM-DD" (the query's `fecha_inicio` and `fecha_fin`): none given is everything."""
    errors, parsed = [], {}
    for field, label, value in (("fecha_inicio", "Desde", desde), ("fecha_fin", "Hasta", hasta)):
        parsed[field] = None
        if not value:
            continue
        try:
            if not _DAY.match(value):
                raise ValueError(value)
            parsed[field] = date.fromisoformat(value)
        except ValueError:
            errors.append(_error(field, f"\"{label}\" debe ser una fecha válida AAAA-MM-DD"))
            continue
        if parsed[field] > today:
            errors.append(_error(field, f"\"{label}\" no puede ser posterior a hoy"))
    start, end = parsed["fecha_inicio"], parsed["fecha_fin"]
    if not errors and start and end and start > end:
        errors.append(_error("fecha_inicio", "\"Desde\" no puede ser posterior a \"Hasta\""))
    if errors:
        raise InvalidInput(FIELDS_INVALID, code="INVALID_DATES", details=errors)
    return start, end
