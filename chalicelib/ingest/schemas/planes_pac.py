"""Complementary plans (planes_pac): the PAC contracts an affiliate belongs to, shown on the home page."""

from __future__ import annotations

from chalicelib.affiliates.repository import AffiliateRepository
from chalicelib.ingest.people import dates_in_order_rule, person_columns, person_rule
from chalicelib.ingest.schema import Column, EntitySchema, Kind, TypedRow

ESTADOS = {"ACTIVO": "Activo", "INACTIVO": "Inactivo", "SUSPENDIDO": "Suspendido", "RETIRADO": "Retirado"}
TITULAR = " titular"

COLUMNS = (
    *person_columns(),
    Column("Plan", "plan", required=True, max_length=80),
    Column("Contrato", "contrato", required=True, max_length=30),
    *person_columns("titular_", TITULAR),
    Column("Vigencia desde", "vigencia_desde", Kind.DATE, required=True),
    Column("Vigencia hasta", "vigencia_hasta", Kind.DATE),
    Column("Estado", "estado", Kind.ENUM, required=True, choices=ESTADOS),
)


def put_batch(rows: list[TypedRow]) -> int:
    return AffiliateRepository().put_pac_plans(rows)


SCHEMA = EntitySchema(
    name="planes_pac",
    title="Planes de atención complementaria (PAC)",
    description="Los contratos PAC de cada afiliado: plan, contrato, titular, vigencia y estado.",
    columns=COLUMNS,
    key_fields=("doc_type", "doc_number", "contrato"),
    key_description="Ítem `affiliate_pac_plans` (`affiliate` = `<tipo>#<número>`, `contrato`); recargar lo reemplaza.",
    load_order=62,
    put_batch=put_batch,
    provider_field=None,
    check_provider=False,
    row_rules=(
        person_rule(),
        person_rule("titular_", TITULAR, "titular"),
        dates_in_order_rule("vigencia_desde", "vigencia_hasta", "Vigencia desde", "Vigencia hasta"),
    ),
)
