"""Authorisations (OPS) directed to a provider: the source of the Indicadores menu."""

from __future__ import annotations

from chalicelib.eps.states import AMBITOS, GRUPOS_SERVICIO
from chalicelib.indicators.repository import IndicatorRepository
from chalicelib.indicators.service import IndicatorAggregates
from chalicelib.ingest.derive import DeriveResult
from chalicelib.ingest.schema import Column, EntitySchema, Kind, TypedRow

COLUMNS = (
    Column("NIT", "nit", Kind.NIT, required=True),
    Column("Número OPS", "numero_ops", Kind.DIGITS, required=True, max_length=20),
    Column("Sucursal", "sucursal", Kind.BRANCH, required=True, max_length=10),
    Column("Ámbito", "ambito", Kind.ENUM, required=True, choices=AMBITOS),
    Column("Grupo de servicio", "grupo_servicio", Kind.ENUM, required=True, choices=GRUPOS_SERVICIO),
    Column("Fecha generación", "fecha_generacion", Kind.DATE, required=True),
    Column("Fecha utilización", "fecha_utilizacion", Kind.DATE, description="Vacía si no se ha utilizado"),
)


def dates_in_order(row: TypedRow) -> list[str]:
    if row["fecha_utilizacion"] and row["fecha_utilizacion"] < row["fecha_generacion"]:
        return ['"Fecha utilización" es anterior a "Fecha generación"']
    return []


def refresh_indicators(rows) -> DeriveResult:
    """The Indicadores' monthly cells of every (provider, month) the file touched, recomputed."""
    IndicatorAggregates(IndicatorRepository()).refresh(rows)
    return DeriveResult()


def put_batch(rows: list[TypedRow]) -> int:
    return IndicatorRepository().put_batch(rows)


SCHEMA = EntitySchema(
    name="authorizations",
    title="Autorizaciones (OPS)",
    description="Autorizaciones direccionadas al prestador, con su fecha de utilización en SOMA.",
    columns=COLUMNS,
    key_fields=("nit", "fecha_generacion", "numero_ops"),
    key_description=(
        "Ítem `authorizations` (`provider_id`, `authorization_key` = `<fecha generación>#<número OPS>`). "
        "Recargar reemplaza por llave; si se corrige la fecha de generación, el ítem anterior no se borra. "
        "Al terminar, se recalculan los indicadores (`indicator_aggregates`) de cada prestador y mes del archivo."
    ),
    load_order=50,
    put_batch=put_batch,
    row_rules=(dates_in_order,),
    derive=refresh_indicators,
)
