"""Payments carrying their lines: one row per invoice paid, the payment columns repeated.

The layout is the portal's payment detail CSV (seed 002 §5) plus the amount applied to each invoice
and the support (soporte) data, so the EPS can send the same extract it already produces.
"""

from __future__ import annotations

from chalicelib.eps.repository import InvoiceRepository
from chalicelib.ingest.derive import derive_paid_totals
from chalicelib.ingest.schema import Column, Consistency, EntitySchema, Kind, TypedRow
from chalicelib.payments.repository import PaymentRepository

COLUMNS = (
    Column("NIT", "nit", Kind.NIT, required=True),
    Column("Tipo de pago", "tipo_pago", required=True, max_length=60),
    Column("Número cuenta banco", "numero_cuenta_banco", max_length=30),
    Column("Número pago", "numero_pago", Kind.DIGITS, required=True, max_length=20),
    Column("Fecha de pago", "fecha_pago", Kind.DATE, required=True),
    Column("Valor pagado", "valor_pagado", Kind.MONEY, required=True, max_length=13,
           description="Total del pago (igual en todas las filas del pago)"),
    Column("Email soporte", "email_soporte", Kind.EMAIL, max_length=120),
    Column("Fecha soporte", "fecha_soporte", Kind.DATE),
    Column("Hora soporte", "hora_soporte", Kind.TIME),
    Column("Tipo documento", "tipo_documento", max_length=10, description="Tipo de documento contable"),
    Column("Prefijo factura", "prefijo", Kind.CODE, max_length=4, default=""),
    Column("Sufijo factura", "sufijo", Kind.CONSECUTIVE, required=True, max_length=20),
    Column("Sufijo factura aplicado", "sufijo_aplicado", max_length=20),
    Column("Fecha factura", "fecha_factura", Kind.DATE),
    Column("Valor factura", "valor_factura", Kind.MONEY, max_length=11),
    Column("Valor pagado factura", "valor_pagado_factura", Kind.MONEY, required=True, max_length=11,
           description="Parte del pago aplicada a esta factura"),
    Column("IVA", "iva", Kind.MONEY, max_length=11, default=0),
    Column("Retefuente", "retefuente", Kind.MONEY, max_length=11, default=0),
    Column("Reteica", "reteica", Kind.MONEY, max_length=11, default=0),
    Column("Reteiva", "reteiva", Kind.MONEY, max_length=11, default=0),
    Column("Otros", "otros", Kind.MONEY, max_length=11, default=0),
    Column("Compañía", "compania", max_length=60),
    Column("No radicado", "no_radicado", max_length=20),
)

PAYMENT_FIELDS = (
    "tipo_pago", "numero_cuenta_banco", "fecha_pago", "valor_pagado",
    "email_soporte", "fecha_soporte", "hora_soporte",
)


def amounts_consistent(row: TypedRow) -> list[str]:
    reasons = []
    if row["valor_factura"] is not None and row["valor_pagado_factura"] > row["valor_factura"]:
        reasons.append('"Valor pagado factura" supera "Valor factura"')
    if row["valor_pagado_factura"] > row["valor_pagado"]:
        reasons.append('"Valor pagado factura" supera el "Valor pagado" del pago')
    return reasons


def put_batch(rows: list[TypedRow]) -> int:
    """Payments and lines (payments' owner), and what each line adds to its invoice (the invoices' owner)."""
    return PaymentRepository().put_batch(rows) + InvoiceRepository().put_paid_contributions(rows)


SCHEMA = EntitySchema(
    name="payments",
    title="Pagos y su detalle por factura",
    description=(
        "Pagos de la EPS a los prestadores. Una fila por factura pagada; las columnas del pago (tipo, "
        "cuenta, número, fecha, valor pagado, soporte) se repiten y deben coincidir en todas sus filas."
    ),
    columns=COLUMNS,
    key_fields=("nit", "numero_pago", "prefijo", "sufijo"),
    key_description=(
        "Ítem `payments` (`provider_id`, `payment_number`) por pago, e ítem `payment_lines` "
        "(`payment_pk` = `<provider_id>#<número pago>`, `invoice_key`) por fila. Recargar reemplaza por "
        "llave; una línea que ya no viene en el archivo no se borra."
    ),
    load_order=30,
    put_batch=put_batch,
    row_rules=(amounts_consistent,),
    consistency=Consistency(by=("nit", "numero_pago"), fields=PAYMENT_FIELDS, record_label="el mismo pago"),
    derive=derive_paid_totals,
)
