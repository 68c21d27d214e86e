"""The three questions of "Consulta Pagos" (seed 002 §5): their parameters, checked with the seed's messages,
and the views answered."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel

from chalicelib.common.errors import InvalidQuery

# The total of a range is read from every payment in it, so a range is bounded: one year (366 days, a leap
# year included) is the longest period a billing area reconciles at once and keeps that read to one query.
MAX_RANGE_DAYS = 366
_DIGITS = re.compile(r"[0-9]{1,20}")
_PREFIJO = re.compile(r"[A-Za-z0-9]{1,4}")


def _empty(label: str) -> str:
    return f'El campo "{label}", no puede estar vacío'


def _refuse(errors: list[tuple[str, str]]) -> None:
    if errors:
        raise InvalidQuery(" | ".join(m for _, m in errors), details=[{"campo": c, "mensaje": m} for c, m in errors])


def _date(params: dict, name: str, label: str, errors: list) -> date | None:
    raw = (params.get(name) or "").strip()
    if not raw:
        errors.append((name, _empty(label)))
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
        _refuse(errors)
        return cls(start, end)  # type: ignore[arg-type]


def payment_number(raw: str | None) -> str:
    value = (raw or "").strip()
    if not value:
        _refuse([("numero_pago", _empty("Número de Pago"))])
    if not _DIGITS.fullmatch(value):
        _refuse([("numero_pago", 'El campo "Número de Pago" debe tener solo dígitos (máximo 20)')])
    return value


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
            errors.append(("prefijo", _empty("Prefijo Factura")))
        elif not _PREFIJO.fullmatch(prefijo):
            errors.append(("prefijo", 'El campo "Prefijo Factura" admite máximo 4 letras o números'))
        if not sufijo:
            errors.append(("sufijo", _empty("Sufijo Factura")))
        elif not _DIGITS.fullmatch(sufijo):
            errors.append(("sufijo", 'El campo "Sufijo Factura" debe tener solo dígitos (máximo 20)'))
        _refuse(errors)
        return cls(prefijo, sufijo)


# --- views ------------------------------------------------------------------------------------------------


class PaymentView(BaseModel):
    """A row of the list (seed 002 §5.1): dates ISO (AAAA-MM-DD), money in whole pesos."""

    nit: str
    tipo_pago: str
    numero_cuenta_banco: str | None
    numero_pago: str
    fecha_pago: str
    valor_pagado: int


class PaymentPage(BaseModel):
    pagos: list[PaymentView]
    siguiente: str | None
    # Totals of the whole range, on the first page only (the request without cursor).
    total_registros: int | None = None
    total_valor_pagado: int | None = None

    @property
    def records_read(self) -> int:
        return len(self.pagos)


class PaymentDetailView(PaymentView):
    """By payment number (seed 002 §5.2): the row plus its support (soporte)."""

    email_soporte: str | None
    fecha_soporte: str | None
    hora_soporte: str | None

    @property
    def records_read(self) -> int:
        return 1


class InvoicePaymentView(PaymentView):
    """By invoice (seed 002 §5.3): a payment that applied to the invoice, with the invoice-level columns."""

    tipo_documento: str | None
    prefijo_factura: str
    sufijo_factura: str
    sufijo_factura_aplicado: str | None
    fecha_factura: str | None
    valor_factura: int | None
    valor_aplicado: int  # what this payment applied to this invoice
    iva: int
    retefuente: int
    reteica: int
    reteiva: int
    otros: int
    compania: str | None
    no_radicado: str | None


class InvoicePaymentPage(BaseModel):
    pagos: list[InvoicePaymentView]
    siguiente: str | None

    @property
    def records_read(self) -> int:
        return len(self.pagos)
