"""Providers (prestadores) with their sucursales: one row per sucursal, provider columns repeated."""

from __future__ import annotations

from chalicelib.common import geo
from chalicelib.ingest.derive import derive_primary_network
from chalicelib.ingest.schema import Column, Consistency, EntitySchema, Kind, TypedRow
from chalicelib.providers import repository as providers

YES_NO = {"S": "Sí", "N": "No"}

COLUMNS = (
    Column("NIT", "nit", Kind.NIT, required=True),
    Column("Razón social", "razon_social", required=True, max_length=200),
    Column("Correo notificaciones", "notification_email", Kind.EMAIL, max_length=120,
           description="Correo del prestador en el registro de la EPS; confirma el registro en la Oficina Virtual"),
    Column("Código sucursal", "codigo_sucursal", Kind.BRANCH, required=True, max_length=10),
    Column("Nombre sucursal", "nombre_sucursal", required=True, max_length=120),
    Column("Departamento", "departamento", max_length=60),
    Column("Ciudad", "ciudad", max_length=60, aliases=("Municipio",)),
    Column("Dirección", "direccion", max_length=120, description="Dirección de la sucursal (red de IPS de afiliados)"),
    Column("Teléfono", "telefono", Kind.DIGITS, max_length=10),
    Column("IPS primaria", "ips_primaria", Kind.ENUM, choices=YES_NO, default="N",
           description="Si la sucursal puede ser IPS primaria de los afiliados del municipio"),
)


def known_departamento(row: TypedRow) -> list[str]:
    """Departamento must exist (DIVIPOLA name or code); stored with its official name.

    The ciudad is kept as written: the bundled DIVIPOLA file lists only some municipios.
    """
    if not row["departamento"]:
        return []
    departamento = geo.find_departamento(row["departamento"])
    if departamento is None:
        return [f'Columna "Departamento": "{row["departamento"]}" no es un departamento de Colombia']
    row["departamento"] = departamento.name
    municipio = row["ciudad"] and geo.find_municipio(departamento.code, row["ciudad"])
    if municipio:
        row["ciudad"] = municipio.name
    return []


def merge(rows: list[TypedRow]) -> TypedRow:
    first = rows[0]
    return {
        "provider_id": first["provider_id"],
        "nit": first["nit"],
        "razon_social": first["razon_social"],
        "notification_email": first["notification_email"],
        "sucursales": [
            {
                "code": r["codigo_sucursal"],
                "name": r["nombre_sucursal"],
                "departamento": r["departamento"],
                "ciudad": r["ciudad"],
                "direccion": r["direccion"],
                "telefono": r["telefono"],
                "ips_primaria": r["ips_primaria"] == "S",
            }
            for r in rows
        ],
    }


SCHEMA = EntitySchema(
    name="providers",
    title="Prestadores y sucursales",
    description=(
        "Registro de prestadores de la EPS. Una fila por sucursal, repitiendo los datos del prestador; "
        "las filas del mismo NIT forman un solo prestador con todas sus sucursales."
    ),
    columns=COLUMNS,
    key_fields=("nit", "codigo_sucursal"),
    key_description=(
        "Un ítem por prestador (`provider_id` = `NI#<NIT sin DV>`) que se reemplaza completo en cada carga: "
        "las sucursales quedan exactamente las del archivo. Por eso todas las sucursales de un prestador "
        "deben venir en el mismo archivo."
    ),
    load_order=10,
    put_batch=providers.put_batch,
    check_provider=False,
    row_rules=(known_departamento,),
    consistency=Consistency(by=("nit",), fields=("razon_social", "notification_email"),
                            record_label="el mismo prestador"),
    group_by=("nit",),
    merge_group=merge,
    derive=derive_primary_network,  # the primary IPS view (the affiliates' IPS change form)
)
