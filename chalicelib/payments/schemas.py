"""The three questions of "Consulta Pagos" (seed 002 §5): the payment number (the date range and the invoice are
chalicelib.common.query's, shared with Consulta Glosas), checked with the seed's messages, and the views answered."""

from __future__ import annotations

from pydantic import BaseModel

from chalicelib.common.errors import InvalidQuery  # noqa: F401  (callers catch it from here)
from chalicelib.common.query import DIGITS, empty_field, refuse


def payment_number(raw: str | None) -> str:
    value = (raw or "").strip()
    if not value:
        refuse([("numero_pago", empty_field("Número de Pago"))])
    if not DIGITS.fullmatch(value):
        refuse([("numero_pago", 'El campo "Número de Pago" debe tener solo dígitos (máximo 20)')])
    return value


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
