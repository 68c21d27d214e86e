"""Invoices (facturas) as the EPS knows them: radicación, value and EPS state."""

from __future__ import annotations

from chalicelib.eps.repository import InvoiceRepository
from chalicelib.eps.states import INVOICE_STATE_LABELS, InvoiceState
from chalicelib.ingest.derive import derive_invoice_views
from chalicelib.ingest.schema import Column, EntitySchema, Kind, TypedRow

ESTADOS = {state.value: label for state, label in INVOICE_STATE_LABELS.items()}

COLUMNS = (
    Column("NIT", "nit", Kind.NIT, required=True),
    Column("Prefijo", "prefijo", Kind.CODE, max_length=4, default="", aliases=("Prefijo factura",)),
    Column("Sufijo", "sufijo", Kind.CONSECUTIVE, required=True, max_length=20, aliases=("Sufijo factura",)),
    Column("Número factura", "numero_factura", required=True, max_length=20),
    Column("Sucursal", "sucursal", Kind.BRANCH, max_length=10, description="Código de sucursal del prestador"),
    Column("Fecha factura", "fecha_factura", Kind.DATE, required=True),
    Column("Valor factura", "valor_factura", Kind.MONEY, required=True, max_length=11),
    Column("Número radicado", "numero_radicado", max_length=20),
    Column("Fecha radicación", "fecha_radicacion", Kind.DATE),
    Column("Estado", "estado", Kind.ENUM, required=True, choices=ESTADOS),
)


def radicacion_consistent(row: TypedRow) -> list[str]:
    reasons = []
    if row["estado"] != InvoiceState.NO_RADICADA and not (row["numero_radicado"] and row["fecha_radicacion"]):
        reasons.append('"Número radicado" y "Fecha radicación" son obligatorios si la factura está radicada')
    if row["fecha_radicacion"] and row["fecha_radicacion"] < row["fecha_factura"]:
        reasons.append('"Fecha radicación" es anterior a "Fecha factura"')
    return reasons


def put_batch(rows: list[TypedRow]) -> int:
    return InvoiceRepository().put_batch(rows)


SCHEMA = EntitySchema(
    name="invoices",
    title="Facturas",
    description="Facturas de los prestadores con su radicación, valor y estado en la EPS.",
    columns=COLUMNS,
    key_fields=("nit", "prefijo", "sufijo"),
    key_description=(
        "Ítem `invoices` (`provider_id`, `invoice_key` = `<prefijo>#<sufijo>`). Recargar la factura la "
        "reemplaza; `valor_pagado` y `valor_glosado` viven aparte (`invoice_totals`, calculados de pagos y "
        "glosas), así que una recarga no los toca."
    ),
    load_order=20,
    put_batch=put_batch,
    row_rules=(radicacion_consistent,),
    derive=derive_invoice_views,  # the providers' cartera views
)
