"""Family groups (grupo_familiar): which beneficiaries each cotizante's affiliation covers, and since when."""

from __future__ import annotations

from chalicelib.affiliates.repository import AffiliateRepository
from chalicelib.ingest.people import dates_in_order_rule, person_columns, person_rule
from chalicelib.ingest.schema import Column, EntitySchema, Kind, TypedRow

PARENTESCOS = {
    "CONYUGE": "Cónyuge",
    "COMPANERO": "Compañero(a) permanente",
    "HIJO": "Hijo(a)",
    "HIJASTRO": "Hijastro(a)",
    "PADRE": "Padre",
    "MADRE": "Madre",
    "NIETO": "Nieto(a)",
    "HERMANO": "Hermano(a)",
    "OTRO": "Otro",
}

COTIZANTE, BENEFICIARIO = " cotizante", " beneficiario"

COLUMNS = (
    *person_columns("cotizante_", COTIZANTE),
    *person_columns("beneficiario_", BENEFICIARIO),
    Column("Parentesco", "parentesco", Kind.ENUM, required=True, choices=PARENTESCOS,
           description="Del beneficiario con el cotizante"),
    Column("Fecha inicio", "fecha_inicio", Kind.DATE, required=True),
    Column("Fecha fin", "fecha_fin", Kind.DATE, description="Vacía mientras el beneficiario siga en el grupo"),
)


def not_self(row: TypedRow) -> list[str]:
    if row["cotizante"] == row["beneficiario"]:
        return ["El beneficiario es el mismo cotizante"]
    return []


def put_batch(rows: list[TypedRow]) -> int:
    return AffiliateRepository().put_family_links(rows)


SCHEMA = EntitySchema(
    name="grupo_familiar",
    title="Grupo familiar",
    description=(
        "Los beneficiarios del grupo familiar de cada cotizante, con su parentesco y vigencia. El cotizante ve en "
        "\"Mi cuenta\" a su grupo y gestiona los datos de sus beneficiarios menores de edad."
    ),
    columns=COLUMNS,
    key_fields=("cotizante_doc_type", "cotizante_doc_number", "beneficiario_doc_type", "beneficiario_doc_number"),
    key_description=(
        "Ítem `affiliate_family` (`cotizante`, `beneficiario`: identidades `<tipo>#<número>`); el índice "
        "`by_beneficiario` responde de qué cotizantes es beneficiaria una persona. Recargar la fila la reemplaza."
    ),
    load_order=61,
    put_batch=put_batch,
    provider_field=None,
    check_provider=False,
    row_rules=(
        person_rule("cotizante_", COTIZANTE, "cotizante"),
        person_rule("beneficiario_", BENEFICIARIO, "beneficiario"),
        not_self,
        dates_in_order_rule("fecha_inicio", "fecha_fin", "Fecha inicio", "Fecha fin"),
    ),
)
