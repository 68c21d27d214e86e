"""PynamoDB models of the EPS's invoices shown in the portal (loaded by the ingestion pipeline); payments,
glosas and authorisations live with the capability that reads them (payments/, glosas/, indicators/).

Every hash key starts with the provider (tenant) so that each portal query is a Query on one
provider's partition, never a Scan. Money is whole pesos (int); dates are ISO "YYYY-MM-DD" strings
(America/Bogota), so that string order is date order in range keys.
"""

from __future__ import annotations

from pynamodb.attributes import MapAttribute, NumberAttribute, UnicodeAttribute, UnicodeSetAttribute
from pynamodb.models import Model

from chalicelib.common.db import table

# --- invoices ---------------------------------------------------------------------------------


@table("invoices")
class Invoice(Model):
    class Meta:
        table_name = "invoices"

    provider_id = UnicodeAttribute(hash_key=True)  # "NI#900123456"
    invoice_key = UnicodeAttribute(range_key=True)  # invoice_key(prefijo, sufijo)
    prefijo = UnicodeAttribute(default="")
    sufijo = UnicodeAttribute()
    numero_factura = UnicodeAttribute()
    sucursal = UnicodeAttribute(null=True)
    fecha_factura = UnicodeAttribute()
    valor_factura = NumberAttribute()
    numero_radicado = UnicodeAttribute(null=True)
    fecha_radicacion = UnicodeAttribute(null=True)
    estado = UnicodeAttribute()  # InvoiceState code


@table("invoice_totals")
class InvoiceTotals(Model):
    """What an invoice's other entities add up to, kept apart from the invoice so that re-loading the invoices
    extract (BatchWriteItem replaces whole items) never erases it nor has to read it first. The same partition
    holds the contributions the totals are summed from (range keys from "~" on: chalicelib/eps/repository.py)."""

    class Meta:
        table_name = "invoice_totals"

    provider_id = UnicodeAttribute(hash_key=True)
    invoice_key = UnicodeAttribute(range_key=True)
    # Derived from the contributions of payment lines and glosa details (chalicelib.eps.repository), never from a
    # file.
    valor_pagado = NumberAttribute(default=0)
    valor_glosado = NumberAttribute(default=0)
    ultimo_pago = UnicodeAttribute(null=True)  # number of the latest payment (by date, then number)
    fecha_ultimo_pago = UnicodeAttribute(null=True)
    # The extract's answers to the invoice's glosa details (the provider's answers recorded in the portal live in
    # the same partition, keys "~R#…", and win over these per detail: chalicelib/cartera/eps_reads.py).
    valor_levantado = NumberAttribute(default=0)
    aceptados = MapAttribute(null=True)  # detail key → valor_aceptado_ips, details the extract shows accepted
    glosas_pendientes = UnicodeSetAttribute(null=True)  # detail keys without an answer in the extract
