"""What the payments repository hands out: plain frozen values (money in whole pesos, dates ISO "YYYY-MM-DD")."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Payment:
    provider_id: str
    payment_number: str
    payment_date_key: str  # f"{fecha_pago}#{payment_number}"
    tipo_pago: str
    numero_cuenta_banco: str | None
    fecha_pago: str
    valor_pagado: int
    email_soporte: str | None
    fecha_soporte: str | None
    hora_soporte: str | None  # "HH:MM:SS"


@dataclass(frozen=True, slots=True)
class PaymentLine:
    """The part of a payment applied to one invoice."""

    payment_pk: str  # f"{provider_id}#{payment_number}"
    invoice_key: str
    invoice_pk: str  # f"{provider_id}#{invoice_key}"
    provider_id: str
    payment_number: str
    prefijo: str
    sufijo: str
    sufijo_aplicado: str | None
    tipo_documento: str | None
    fecha_factura: str | None
    valor_factura: int | None
    valor_pagado_factura: int  # what this payment applied to this invoice
    iva: int
    retefuente: int
    reteica: int
    reteiva: int
    otros: int
    compania: str | None
    no_radicado: str | None
