"""Pending documents (documentos_pendientes): the supports the EPS waits for from each person ("Actualizar
documentos", seed 003 §4.1.2). One item per person holds all of them, so a family's are one read."""

from __future__ import annotations

from chalicelib.affiliates.repository import AffiliateRepository
from chalicelib.ingest.people import person_columns, person_rule
from chalicelib.ingest.schema import Column, EntitySchema, Kind, TypedRow

COLUMNS = (
    *person_columns(),
    Column("Tipo de soporte", "tipo_soporte", required=True, max_length=120,
           description="El documento que falta, como lo verá el afiliado (p. ej. REGISTRO CIVIL DE NACIMIENTO)"),
    Column("Fecha", "fecha", Kind.DATE, required=True, description="Desde cuándo está pendiente"),
)


def merge(rows: list[TypedRow]) -> TypedRow:
    return {"identity": rows[0]["identity"],
            "documents": [{"tipo_soporte": r["tipo_soporte"], "fecha": r["fecha"]} for r in rows]}


def put_batch(records: list[TypedRow]) -> int:
    return AffiliateRepository().put_pending_documents(records)


SCHEMA = EntitySchema(
    name="documentos_pendientes",
    title="Documentos pendientes",
    description=(
        "Los soportes que la EPS espera de cada afiliado. Una fila por soporte; las filas de una persona forman su "
        "lista de pendientes."
    ),
    columns=COLUMNS,
    key_fields=("doc_type", "doc_number", "tipo_soporte"),
    key_description=(
        "Un ítem `affiliate_pending_documents` por persona (`affiliate` = `<tipo>#<número>`) que se reemplaza "
        "completo en cada carga: sus pendientes quedan exactamente los del archivo. Por eso todos los soportes de "
        "una persona deben venir en el mismo archivo."
    ),
    load_order=63,
    put_batch=put_batch,
    provider_field=None,
    check_provider=False,
    row_rules=(person_rule(),),
    group_by=("identity",),
    merge_group=merge,
)
