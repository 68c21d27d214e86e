"""Aportes (aportes): each PILA contribution of a cotizante — aportante, period, planilla, operator, IBC, days and
value; "MI HISTORIAL DE PAGOS" prints them (issue 25)."""

from __future__ import annotations

from chalicelib.affiliate_finance.columns import party_columns, party_rule, period_column, period_rule
from chalicelib.affiliate_finance.repository import FinanceRepository
from chalicelib.ingest.people import not_after_today_rule, person_columns, person_rule
from chalicelib.ingest.schema import Column, EntitySchema, Kind, TypedRow

COTIZANTE, APORTANTE = " cotizante", " aportante"

COLUMNS = (
    *person_columns(label=COTIZANTE),
    *party_columns("aportante_", APORTANTE),
    Column("Razón social aportante", "razon_social", required=True, max_length=120),
    period_column("Periodo", "periodo"),
    Column("Fecha de pago", "fecha_pago", Kind.DATE, required=True),
    Column("Planilla", "planilla", Kind.DIGITS, required=True, max_length=20),
    Column("Operador", "operador", required=True, max_length=60),
    Column("IBC", "ibc", Kind.MONEY, required=True, max_length=11),
    Column("Días", "dias", Kind.INT, required=True, max_length=2),
    Column("Valor", "valor", Kind.MONEY, required=True, max_length=11),
)


def dias_in_month(row: TypedRow) -> list[str]:
    return [] if 0 <= row["dias"] <= 30 else ['"Días" debe estar entre 0 y 30']


def put_batch(rows: list[TypedRow]) -> int:
    return FinanceRepository().put_aportes(rows)


SCHEMA = EntitySchema(
    name="aportes",
    title="Aportes al Sistema General de Seguridad Social en Salud",
    description="Los aportes de cada cotizante por periodo: aportante, planilla, operador, IBC, días y valor.",
    columns=COLUMNS,
    key_fields=("doc_type", "doc_number", "aportante_doc_type", "aportante_doc_number", "periodo", "planilla"),
    key_description="Ítem `affiliate_aportes` (`cotizante` = `<tipo>#<número>`, `aporte` = "
                    "`<periodo>#<aportante>#<planilla>`); recargar lo reemplaza.",
    load_order=66,
    put_batch=put_batch,
    provider_field=None,
    check_provider=False,
    row_rules=(person_rule(label=COTIZANTE), party_rule("aportante_", APORTANTE, "aportante"),
               period_rule("periodo", "Periodo"), not_after_today_rule("fecha_pago", "Fecha de pago"),
               dias_in_month),
)
