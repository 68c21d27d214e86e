"""PAC invoices (facturas_pac): what each person responsible for a complementary plan is billed, with its saldo;
the open one is "Descarga aquí tu Factura PAC" and what "Paga en línea tu Factura PAC" pays (issue 25)."""

from __future__ import annotations

from chalicelib.affiliate_finance.columns import not_more_than_rule, period_column, period_rule
from chalicelib.affiliate_finance.repository import FinanceRepository
from chalicelib.ingest.people import dates_in_order_rule, person_columns, person_rule
from chalicelib.ingest.schema import Column, EntitySchema, Kind, TypedRow

ESTADOS = {"PENDIENTE": "Pendiente", "VENCIDA": "Vencida", "ABONADA": "Abonada", "PAGADA": "Pagada",
           "ANULADA": "Anulada"}
RESPONSABLE = " responsable"

COLUMNS = (
    Column("Número factura", "numero_factura", Kind.CODE, required=True, max_length=20),
    *person_columns(label=RESPONSABLE),
    Column("Plan", "plan", required=True, max_length=80),
    Column("Contrato", "contrato", required=True, max_length=30),
    period_column("Periodo", "periodo"),
    Column("Fecha emisión", "fecha_emision", Kind.DATE, required=True),
    Column("Fecha límite", "fecha_limite", Kind.DATE, required=True),
    Column("Valor", "valor", Kind.MONEY, required=True, max_length=11),
    Column("Saldo", "saldo", Kind.MONEY, required=True, max_length=11),
    Column("Estado", "estado", Kind.ENUM, required=True, choices=ESTADOS),
)


def saldo_consistent(row: TypedRow) -> list[str]:
    if row["estado"] == "PAGADA" and row["saldo"] > 0:
        return ['Una factura "PAGADA" no puede tener "Saldo"']
    return []


def put_batch(rows: list[TypedRow]) -> int:
    return FinanceRepository().put_invoices(rows)


SCHEMA = EntitySchema(
    name="facturas_pac",
    title="Facturas del Plan de Atención Complementario (PAC)",
    description="Las facturas de venta PAC de cada responsable: plan, contrato, periodo, fechas, valor y saldo.",
    columns=COLUMNS,
    key_fields=("numero_factura",),
    key_description="Ítem `affiliate_pac_invoices` (`responsable` = `<tipo>#<número>`, `numero_factura`); recargar "
                    "lo reemplaza. Un pago en línea aprobado se muestra hasta que un extracto deje el saldo en cero.",
    load_order=63,
    put_batch=put_batch,
    provider_field=None,
    check_provider=False,
    row_rules=(
        person_rule(label=RESPONSABLE),
        period_rule("periodo", "Periodo"),
        dates_in_order_rule("fecha_emision", "fecha_limite", "Fecha emisión", "Fecha límite"),
        not_more_than_rule("saldo", "valor", "Saldo", "Valor"),
        saldo_consistent,
    ),
)
