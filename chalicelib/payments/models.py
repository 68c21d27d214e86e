"""PynamoDB models of payments and their lines (one item per invoice a payment settled).

Loaded by the ingestion pipeline (chalicelib/ingest/schemas/payments.py) and read only through
chalicelib/payments/repository.py. Keys answer the three questions of "Consulta Pagos" (seed 002 §5):
by date range (GSI by_date), by payment number (table key), by invoice (payment_lines GSI by_invoice);
a payment's lines are one partition (payment_pk). Money is whole pesos; dates ISO "YYYY-MM-DD".
"""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.common.db import table


class PaymentsByDate(GlobalSecondaryIndex):
    class Meta:
        index_name = "by_date"
        projection = AllProjection()

    provider_id = UnicodeAttribute(hash_key=True)
    payment_date_key = UnicodeAttribute(range_key=True)  # f"{fecha_pago}#{payment_number}"


@table("payments")
class Payment(Model):
    class Meta:
        table_name = "payments"

    provider_id = UnicodeAttribute(hash_key=True)
    payment_number = UnicodeAttribute(range_key=True)
    payment_date_key = UnicodeAttribute()
    tipo_pago = UnicodeAttribute()
    numero_cuenta_banco = UnicodeAttribute(null=True)
    fecha_pago = UnicodeAttribute()
    valor_pagado = NumberAttribute()
    email_soporte = UnicodeAttribute(null=True)
    fecha_soporte = UnicodeAttribute(null=True)
    hora_soporte = UnicodeAttribute(null=True)  # "HH:MM:SS"

    by_date = PaymentsByDate()


class PaymentLinesByInvoice(GlobalSecondaryIndex):
    class Meta:
        index_name = "by_invoice"
        projection = AllProjection()

    invoice_pk = UnicodeAttribute(hash_key=True)  # f"{provider_id}#{invoice_key}"
    payment_number = UnicodeAttribute(range_key=True)


@table("payment_lines")
class PaymentLine(Model):
    """The part of a payment applied to one invoice."""

    class Meta:
        table_name = "payment_lines"

    payment_pk = UnicodeAttribute(hash_key=True)  # f"{provider_id}#{payment_number}"
    invoice_key = UnicodeAttribute(range_key=True)
    invoice_pk = UnicodeAttribute()
    provider_id = UnicodeAttribute()
    payment_number = UnicodeAttribute()
    prefijo = UnicodeAttribute(default="")
    sufijo = UnicodeAttribute()
    sufijo_aplicado = UnicodeAttribute(null=True)
    tipo_documento = UnicodeAttribute(null=True)
    fecha_factura = UnicodeAttribute(null=True)
    valor_factura = NumberAttribute(null=True)
    valor_pagado_factura = NumberAttribute()  # what this payment applied to this invoice
    iva = NumberAttribute(default=0)
    retefuente = NumberAttribute(default=0)
    reteica = NumberAttribute(default=0)
    reteiva = NumberAttribute(default=0)
    otros = NumberAttribute(default=0)
    compania = UnicodeAttribute(null=True)
    no_radicado = UnicodeAttribute(null=True)

    by_invoice = PaymentLinesByInvoice()
