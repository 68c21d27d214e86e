"""The cartera file (seed 002 §6.1): its columns and the rules of one row, on the ingestion schema machinery.

Deviation (DOMAIN.md): the seed gives Sufijo 4 characters, too few for real invoice consecutives; here it
is a number of up to 20 digits, compared without leading zeros like the EPS's invoices.
"""

from __future__ import annotations

from chalicelib.ingest.schema import Column, EntitySchema, Kind, TypedRow
from chalicelib.spreadsheets import SheetLimits

MAX_ROWS = 50_000
INSTRUCTIONS_SHEET = "Instrucciones"  # the template's second sheet: tolerated, never read

COLUMNS = (
    Column("Numero Factura", "numero_factura", required=True, max_length=20, aliases=("Número factura",)),
    Column("Prefijo", "prefijo", Kind.CODE, max_length=4, default="", aliases=("Prefijo factura",)),
    Column("Sufijo", "sufijo", Kind.CONSECUTIVE, required=True, max_length=20, aliases=("Sufijo factura",)),
    Column("Fecha factura", "fecha_factura", Kind.DATE, required=True),
    Column("Valor factura", "valor_factura", Kind.MONEY, required=True, max_length=11),
    Column("Saldo factura", "saldo_factura", Kind.MONEY, required=True, max_length=11),
)

# What the template's instructions sheet says of each column: (type, maximum, required, rule).
RULES = {
    "Numero Factura": ("Carácter", "20 caracteres", "Sí", "Número completo de la factura, p. ej. FE12345"),
    "Prefijo": ("Carácter", "4 caracteres", "No", "Letras y números; vacío si la factura no tiene prefijo"),
    "Sufijo": ("Numérico", "20 dígitos", "Sí", "Consecutivo de la factura; los ceros a la izquierda no cuentan. "
               "El manual indica 4 dígitos, pero los consecutivos reales son más largos: se aceptan hasta 20"),
    "Fecha factura": ("Fecha (DD/MM/AAAA)", "10", "Sí", "Celda de fecha o texto DD/MM/AAAA"),
    "Valor factura": ("Numérico", "11 dígitos", "Sí", "Pesos, sin decimales; acepta 1.234.567"),
    "Saldo factura": ("Numérico", "11 dígitos", "Sí", "Saldo que el prestador espera recibir; no mayor que el valor"),
}


LIMITS = SheetLimits(max_rows=MAX_ROWS, max_sheets=1, ignored_sheets=(INSTRUCTIONS_SHEET,), csv=False,
                     columns_text=f"las {len(COLUMNS)} columnas de la plantilla")


def saldo_within_valor(row: TypedRow) -> list[str]:
    if row["saldo_factura"] > row["valor_factura"]:
        return ['"Saldo factura" no puede ser mayor que "Valor factura"']
    return []


SCHEMA = EntitySchema(
    name="cartera",
    title="Consulta de cartera",
    description="Facturas que el prestador consulta (no se cargan a la EPS: se concilian contra sus datos).",
    columns=COLUMNS,
    key_fields=("prefijo", "sufijo"),
    key_description="Prefijo + sufijo: una factura aparece una sola vez por archivo.",
    load_order=0,
    provider_field=None,  # the provider is the one of the session that registered the request
    check_provider=False,
    row_rules=(saldo_within_valor,),
)
