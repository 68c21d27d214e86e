"""PBS cartera (cartera_pbs): what each aportante — an independiente or an employer — was expected to pay per
period, what it paid, the saldo and the days in arrears ("Consultar mi Cartera", paz y salvo; issue 25)."""

from __future__ import annotations

from chalicelib.affiliate_finance.columns import (
    not_more_than_rule,
    party_columns,
    party_rule,
    period_column,
    period_rule,
)
from chalicelib.affiliate_finance.repository import FinanceRepository
from chalicelib.ingest.schema import Column, EntitySchema, Kind, TypedRow

APORTANTE = " aportante"

COLUMNS = (
    *party_columns("", APORTANTE),
    period_column("Periodo", "periodo"),
    Column("Valor esperado", "valor_esperado", Kind.MONEY, required=True, max_length=11),
    Column("Pagado", "pagado", Kind.MONEY, required=True, max_length=11),
    Column("Saldo", "saldo", Kind.MONEY, required=True, max_length=11),
    Column("Días de mora", "dias_mora", Kind.INT, required=True, max_length=5),
)


def saldo_consistent(row: TypedRow) -> list[str]:
    if row["saldo"] != max(row["valor_esperado"] - row["pagado"], 0):
        return ['"Saldo" debe ser "Valor esperado" menos "Pagado"']
    return []


def put_batch(rows: list[TypedRow]) -> int:
    return FinanceRepository().put_cartera(rows)


SCHEMA = EntitySchema(
    name="cartera_pbs",
    title="Cartera del Plan de Beneficios en Salud (PBS)",
    description="Lo esperado, pagado y adeudado por cada aportante (independiente o empleador) en cada periodo.",
    columns=COLUMNS,
    key_fields=("doc_type", "doc_number", "periodo"),
    key_description="Ítem `affiliate_pbs_cartera` (`aportante` = `<tipo>#<número>`, `periodo`); recargar lo "
                    "reemplaza.",
    load_order=65,
    put_batch=put_batch,
    provider_field=None,
    check_provider=False,
    row_rules=(party_rule("", APORTANTE, "identity"), period_rule("periodo", "Periodo"),
               not_more_than_rule("pagado", "valor_esperado", "Pagado", "Valor esperado"), saldo_consistent),
)
