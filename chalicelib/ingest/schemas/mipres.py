"""MIPRES prescriptions (mipres): the services prescribed through the Ministry's MIPRES and their authorisation,
what "Consultar estado de mi solicitud MIPRES" lists (seed 003 §4.2.3). A service loaded AUTORIZADA with its
authorisation number queues the email "CERTIFICADO DE AUTORIZACION DE SERVICIOS VIA ELECTRONICA" once."""

from __future__ import annotations

from chalicelib.authorizations.loads import load_mipres
from chalicelib.authorizations.types import OpsEstado
from chalicelib.ingest.people import person_columns, person_rule, upper_rule
from chalicelib.ingest.schema import Column, EntitySchema, Kind, TypedRow
from chalicelib.ingest.schemas.ops_afiliados import ESTADOS


def authorized_has_number(row: TypedRow) -> list[str]:
    if row["estado"] in (OpsEstado.AUTORIZADA, OpsEstado.ENTREGADA) and not (
            row["numero_autorizacion"] and row["prestador"] and row["vencimiento"]):
        return [f'Un servicio {row["estado"]} lleva "No. autorización", "Prestador asignado" y "Vencimiento"']
    return []


COLUMNS = (
    Column("No. prescripción", "numero_prescripcion", Kind.DIGITS, required=True, max_length=25),
    Column("Consecutivo", "consecutivo", Kind.INT, max_length=3, default=1,
           description="El servicio dentro de la prescripción (1 si es uno solo)"),
    Column("Fecha", "fecha", Kind.DATE, required=True),
    *person_columns(),
    Column("Servicio", "servicio", required=True, max_length=200),
    Column("Código CUPS", "cups", Kind.CODE, max_length=20, description="CUPS o código del medicamento"),
    Column("Estado", "estado", Kind.ENUM, required=True, choices=ESTADOS),
    Column("Prestador asignado", "prestador", max_length=120),
    Column("Dirección prestador", "prestador_direccion", max_length=120),
    Column("Teléfono prestador", "prestador_telefono", max_length=60),
    Column("No. autorización", "numero_autorizacion", Kind.DIGITS, max_length=20),
    Column("Vencimiento", "vencimiento", Kind.DATE),
    Column("Valor", "valor", Kind.MONEY, max_length=9, default=0, description="Cuota moderadora o copago, pesos"),
    Column("Plan", "plan", max_length=40, default="PBS"),
)

SCHEMA = EntitySchema(
    name="mipres",
    title="Prescripciones MIPRES",
    description=(
        "Los servicios prescritos por MIPRES a cada afiliado: servicio, estado, prestador asignado, número y "
        "vencimiento de la autorización y valor de la cuota. Al cargar un servicio AUTORIZADO se envía al afiliado "
        "el «CERTIFICADO DE AUTORIZACION DE SERVICIOS VIA ELECTRONICA», una sola vez."
    ),
    columns=COLUMNS,
    key_fields=("numero_prescripcion", "consecutivo"),
    key_description="Ítem `affiliate_mipres` (`affiliate`, `prescripcion_key` = `<prescripción>#<consecutivo>`).",
    load_order=71,
    put_batch=load_mipres,
    provider_field=None,
    check_provider=False,
    row_rules=(person_rule(), upper_rule("plan"), authorized_has_number),
)
