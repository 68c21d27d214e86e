"""Authorisations of affiliates (ops_afiliados): each Orden de Prestación de Servicios (OPS) of a person, what
"Consultar estado de mi solicitud" lists (seed 003 §4.2.2). A load that brings an OPS AUTORIZADA queues its email
once (authorizations/loads.py); a reload never sends it again."""

from __future__ import annotations

from chalicelib.authorizations.loads import load_ops
from chalicelib.authorizations.types import CONCEPTOS, OpsEstado, Origen
from chalicelib.ingest.people import YES_NO, dates_in_order_rule, person_columns, person_rule, upper_rule
from chalicelib.ingest.schema import Column, EntitySchema, Kind, TypedRow

ESTADOS = {e.value: e.value.capitalize() for e in OpsEstado}
ORIGENES = {"PORTAL": "Oficina Virtual o radicación en oficina", "MIPRES": "Prescripción MIPRES"}
CONCEPTO_CHOICES = {c: c.capitalize() for c in CONCEPTOS}
WITH_PROVIDER = {OpsEstado.AUTORIZADA, OpsEstado.ENTREGADA}

COLUMNS = (
    Column("No. Autorización", "numero_autorizacion", Kind.DIGITS, required=True, max_length=20,
           description="Número de la OPS en el sistema de autorizaciones; identifica la fila"),
    Column("No. Presolicitud", "numero_presolicitud", Kind.DIGITS, max_length=20,
           description="La presolicitud de la Oficina Virtual de la que nació, si la hay"),
    *person_columns(),
    Column("Fecha", "fecha", Kind.DATE, required=True, description="Fecha de la solicitud (el «Filtro por meses»)"),
    Column("Plan", "plan", required=True, max_length=40, description="PBS o el plan PAC"),
    Column("CUPS", "cups", Kind.CODE, required=True, max_length=10),
    Column("Prestación", "prestacion", required=True, max_length=200),
    Column("Estado", "estado", Kind.ENUM, required=True, choices=ESTADOS),
    Column("NIT proveedor", "proveedor_nit", Kind.NIT),
    Column("Sucursal proveedor", "proveedor_sucursal", Kind.BRANCH, max_length=10),
    Column("Proveedor", "proveedor_nombre", max_length=120, description="Nombre del prestador que atiende"),
    Column("Teléfonos proveedor", "proveedor_telefonos", max_length=60),
    Column("Ciudad proveedor", "proveedor_ciudad", max_length=60),
    Column("Dirección proveedor", "proveedor_direccion", max_length=120),
    Column("F. Vencimiento", "vencimiento", Kind.DATE, aliases=("Fecha vencimiento",)),
    Column("Valor cuota", "valor_cuota", Kind.MONEY, max_length=9, default=0, description="Pesos, sin decimales"),
    Column("Concepto", "concepto", Kind.ENUM, choices=CONCEPTO_CHOICES),
    Column("Recaudo en línea", "recaudo_en_linea", Kind.ENUM, choices=YES_NO, default="N",
           description="S: el afiliado puede pagar la cuota en la Oficina Virtual"),
    Column("Observaciones", "observaciones", max_length=300),
    Column("Origen", "origen", Kind.ENUM, choices=ORIGENES, default=Origen.PORTAL.value),
)


def ops_consistent(row: TypedRow) -> list[str]:
    reasons = []
    if row["estado"] in WITH_PROVIDER and not (row["proveedor_nombre"] and row["vencimiento"]):
        reasons.append(f'Una OPS {row["estado"]} lleva "Proveedor" y "F. Vencimiento"')
    if bool(row["proveedor_nit"]) != bool(row["proveedor_sucursal"]):
        reasons.append('"NIT proveedor" y "Sucursal proveedor" van juntos')
    if row["valor_cuota"] and not row["concepto"]:
        reasons.append('Una cuota mayor que cero lleva "Concepto"')
    if row["recaudo_en_linea"] == "S" and not row["valor_cuota"]:
        reasons.append('"Recaudo en línea" S requiere un "Valor cuota" mayor que cero')
    return reasons


SCHEMA = EntitySchema(
    name="ops_afiliados",
    title="Autorizaciones de los afiliados (OPS)",
    description=(
        "Las órdenes de prestación de servicios (OPS) de cada afiliado con su estado, proveedor, vencimiento y cuota "
        "(moderadora, copago o de recuperación): lo que muestra «Consultar estado de mi solicitud». Al cargar una "
        "OPS AUTORIZADA se envía un correo al afiliado, una sola vez aunque el archivo se cargue de nuevo."
    ),
    columns=COLUMNS,
    key_fields=("numero_autorizacion",),
    key_description=(
        "Ítem `affiliate_ops` (`affiliate` = `<tipo>#<número>`, `numero` = No. Autorización), reemplazado completo "
        "en cada carga; `fecha_key` = `<fecha>#<número>` ordena las OPS de la persona (índice local `by_fecha`). "
        "Una OPS que llega con otro afiliado deja de estar en la partición del primero (ítem `AUTORIZACION#<número>`)."
    ),
    load_order=70,
    put_batch=load_ops,
    provider_field=None,
    check_provider=False,
    row_rules=(
        person_rule(),
        upper_rule("plan"),
        dates_in_order_rule("fecha", "vencimiento", "Fecha", "F. Vencimiento"),
        ops_consistent,
    ),
)
