"""Parameters shared by the EPS's queries (Consulta Pagos, Consulta Glosas): a date range and an invoice,
checked with the seed's Spanish messages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from chalicelib.common.errors import InvalidQuery

# The total of a range is read from every payment in it, so a range is bounded: one year (366 days, a leap
# year included) is the longest period a billing area reconciles at once and keeps that read to one query.
MAX_RANGE_DAYS = 366
DIGITS = re.compile(r"[0-9]{1,20}")
_PREFIJO = re.compile(r"[A-Za-z0-9]{1,4}")


def empty_field(label: str) -> str:
    """The seed's message for a required parameter left empty."""
    return f'El campo "{label}", no puede estar vacío'


def refuse(errors: list[tuple[str, str]]) -> None:
    """Raise InvalidQuery with every (field, message) found, if any."""
    if errors:
        raise InvalidQuery(" | ".join(m for _, m in errors), details=[{"campo": c, "mensaje": m} for c, m in errors])


def _date(params: dict, name: str, label: str, errors: list) -> date | None:
    raw = (params.get(name) or "").strip()
    if not raw:
        errors.append((name, empty_field(label)))
        return None
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw):
            raise ValueError
        return date.fromisoformat(raw)
    except ValueError:
        errors.append((name, f'El campo "{label}" no es una fecha válida (use AAAA-MM-DD)'))
        return None


@dataclass(frozen=True, slots=True)
class DateRange:
    start: date
    end: date

    @classmethod
    def parse(cls, params: dict) -> DateRange:
        errors: list[tuple[str, str]] = []
        start = _date(params, "fecha_inicio", "Fecha Inicio", errors)
        end = _date(params, "fecha_fin", "Fecha Fin", errors)
        if start and end and start > end:
            errors.append(("fecha_fin", 'La "Fecha Fin" no puede ser anterior a la "Fecha Inicio"'))
        elif start and end and (end - start).days + 1 > MAX_RANGE_DAYS:
            errors.append(("fecha_fin", f"El rango de fechas no puede superar {MAX_RANGE_DAYS} días (un año): "
                                        "consulte periodos de máximo un año para obtener el total del rango"))
        refuse(errors)
        return cls(start, end)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class InvoiceRef:
    prefijo: str
    sufijo: str

    @classmethod
    def parse(cls, params: dict) -> InvoiceRef:
        prefijo = (params.get("prefijo") or "").strip().upper()
        sufijo = (params.get("sufijo") or "").strip()
        errors: list[tuple[str, str]] = []
        if not prefijo:
            errors.append(("prefijo", empty_field("Prefijo Factura")))
        elif not _PREFIJO.fullmatch(prefijo):
            errors.append(("prefijo", 'El campo "Prefijo Factura" admite máximo 4 letras o números'))
        if not sufijo:
            errors.append(("sufijo", empty_field("Sufijo Factura")))
        elif not DIGITS.fullmatch(sufijo):
            errors.append(("sufijo", 'El campo "Sufijo Factura" debe tener solo dígitos (máximo 20)'))
        refuse(errors)
        return cls(prefijo, sufijo)
