"""Payments and payment lines as the ingestion pipeline stores them (items built, saved by the caller)."""

from __future__ import annotations

from chalicelib.eps.states import invoice_key
from chalicelib.payments.models import Payment, PaymentLine

PROVIDER = "NI#900123456"
OTHER = "NI#800987654"


def payment(number: str, fecha: str, valor: int = 1_000_000, provider_id: str = PROVIDER, **extra) -> Payment:
    fields = {"tipo_pago": "Transferencia Electrónica", "numero_cuenta_banco": "4044236941",
              "email_soporte": "tesoreria@eps.example.co", "fecha_soporte": fecha, "hora_soporte": "10:15:00", **extra}
    return Payment(provider_id, number, payment_date_key=f"{fecha}#{number}", fecha_pago=fecha, valor_pagado=valor,
                   **fields)


def line(pay: Payment, prefijo: str, sufijo: str, applied: int = 100_000, **extra) -> PaymentLine:
    key = invoice_key(prefijo, sufijo)
    fields = {"tipo_documento": "FV", "sufijo_aplicado": sufijo, "fecha_factura": "2024-01-15",
              "valor_factura": applied + 5_000, "iva": 0, "retefuente": 2_500, "reteica": 1_100, "reteiva": 0,
              "otros": 0, "compania": "SOS EPS", "no_radicado": f"R{sufijo}", **extra}
    return PaymentLine(f"{pay.provider_id}#{pay.payment_number}", key, invoice_pk=f"{pay.provider_id}#{key}",
                       provider_id=pay.provider_id, payment_number=pay.payment_number, prefijo=prefijo, sufijo=sufijo,
                       valor_pagado_factura=applied, **fields)
