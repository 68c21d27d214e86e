"""Affiliates (afiliados): one row per person the EPS covers, as its affiliation system extracts them (issue 23).

The person is the tenant here, not a NIT: rows carry no provider. Contact fields are the ones "Mi cuenta" shows
and edits (seed 003 lines 372–379, 490–521); a load never erases the portal's edits (affiliate_novedades)."""

from __future__ import annotations

from chalicelib.affiliates.repository import AffiliateRepository
from chalicelib.affiliates.types import TipoAfiliado, TipoCotizante
from chalicelib.ingest.people import (
    YES_NO,
    celular_rule,
    not_after_today_rule,
    person_columns,
    person_rule,
    place_rule,
    upper_rule,
)
from chalicelib.ingest.schema import Column, EntitySchema, Kind, TypedRow

GENEROS = {"M": "Masculino", "F": "Femenino", "I": "Indeterminado"}
REGIMENES = {"CONTRIBUTIVO": "Contributivo", "SUBSIDIADO": "Subsidiado"}
TIPOS_AFILIADO = {t.value: t.value.capitalize() for t in TipoAfiliado}
TIPOS_COTIZANTE = {t.value: t.value.capitalize() for t in TipoCotizante}

COLUMNS = (
    *person_columns(),
    Column("Primer nombre", "primer_nombre", required=True, max_length=60),
    Column("Segundo nombre", "segundo_nombre", max_length=60),
    Column("Primer apellido", "primer_apellido", required=True, max_length=60),
    Column("Segundo apellido", "segundo_apellido", max_length=60),
    Column("Fecha nacimiento", "fecha_nacimiento", Kind.DATE, required=True),
    Column("Género", "genero", Kind.ENUM, required=True, choices=GENEROS),
    Column("Régimen", "regimen", Kind.ENUM, required=True, choices=REGIMENES),
    Column("Tipo afiliado", "tipo_afiliado", Kind.ENUM, required=True, choices=TIPOS_AFILIADO),
    Column("Tipo cotizante", "tipo_cotizante", Kind.ENUM, choices=TIPOS_COTIZANTE,
           description="Obligatorio para los cotizantes; vacío para los beneficiarios"),
    Column("Estado afiliación", "estado_afiliacion", required=True, max_length=30,
           description="Como lo escribe el sistema de afiliación: ACTIVO, VIGENTE, SUSPENDIDO, RETIRADO…"),
    Column("Derecho", "derecho", max_length=30),
    Column("Rango salarial", "rango_salarial", max_length=10),
    Column("Recién nacido", "recien_nacido", Kind.ENUM, choices=YES_NO, default="N"),
    Column("Fecha afiliación", "fecha_afiliacion", Kind.DATE),
    Column("NIT IPS primaria", "ips_nit", Kind.NIT),
    Column("Sucursal IPS primaria", "ips_sucursal", Kind.BRANCH, max_length=10,
           description="Código de sucursal del prestador (registro de prestadores)"),
    Column("Correo", "correo", Kind.EMAIL, max_length=120),
    Column("Correo alternativo", "correo_alternativo", Kind.EMAIL, max_length=120),
    Column("Teléfono residencia", "telefono_residencia", Kind.DIGITS, max_length=10),
    Column("Teléfono adicional", "telefono_adicional", Kind.DIGITS, max_length=10),
    Column("Celular", "celular", Kind.DIGITS, max_length=10, description="10 dígitos, empieza por 3"),
    Column("Celular alterno", "celular_alterno", Kind.DIGITS, max_length=10),
    Column("Dirección residencia", "direccion_residencia", max_length=120),
    Column("Departamento residencia", "departamento_residencia", max_length=60,
           description="Nombre o código DANE (DIVIPOLA)"),
    Column("Ciudad residencia", "ciudad_residencia", max_length=60,
           description="Municipio del departamento, nombre o código DANE (DIVIPOLA)"),
    Column("Barrio", "barrio", max_length=60),
    Column("Localidad", "localidad", max_length=60),
    Column("Dirección correspondencia", "direccion_correspondencia", max_length=120),
    Column("Departamento correspondencia", "departamento_correspondencia", max_length=60),
    Column("Ciudad correspondencia", "ciudad_correspondencia", max_length=60),
    Column("Etnia", "etnia", max_length=60),
    Column("Escolaridad", "escolaridad", max_length=60),
)


def affiliation_consistent(row: TypedRow) -> list[str]:
    reasons = []
    if row["tipo_afiliado"] == TipoAfiliado.COTIZANTE and not row["tipo_cotizante"]:
        reasons.append('"Tipo cotizante" es obligatorio para un cotizante')
    if row["tipo_afiliado"] == TipoAfiliado.BENEFICIARIO and row["tipo_cotizante"]:
        reasons.append('"Tipo cotizante" debe ir vacío para un beneficiario')
    if bool(row["ips_nit"]) != bool(row["ips_sucursal"]):
        reasons.append('"NIT IPS primaria" y "Sucursal IPS primaria" van juntos')
    if row["fecha_afiliacion"] and row["fecha_afiliacion"] < row["fecha_nacimiento"]:
        reasons.append('"Fecha afiliación" es anterior a "Fecha nacimiento"')
    return reasons


def put_batch(rows: list[TypedRow]) -> int:
    return AffiliateRepository().put_affiliates(rows)


SCHEMA = EntitySchema(
    name="afiliados",
    title="Afiliados",
    description=(
        "Las personas afiliadas a la EPS (cotizantes y beneficiarios) con su afiliación, su IPS primaria y sus "
        "datos de contacto. Con ellos se valida la identidad en el registro de la Oficina Virtual Afiliados y se "
        "muestra \"Mi cuenta\". Las actualizaciones que el afiliado hace en el portal (novedades) no se pierden al "
        "cargar un extracto: se muestran hasta que llegue un extracto con fecha posterior a ellas."
    ),
    columns=COLUMNS,
    key_fields=("doc_type", "doc_number"),
    key_description=(
        "Ítem `affiliates` (`identity` = `<tipo>#<número>`, p. ej. `CC#1032456789`), reemplazado completo en cada "
        "carga y fechado con el día de la carga (hora de Colombia); lleva `ref`, el identificador opaco de la "
        "persona en el portal (índice `by_ref`)."
    ),
    load_order=60,
    put_batch=put_batch,
    provider_field=None,
    check_provider=False,
    row_rules=(
        person_rule(),
        upper_rule("estado_afiliacion", "derecho", "rango_salarial"),
        not_after_today_rule("fecha_nacimiento", "Fecha nacimiento"),
        affiliation_consistent,
        place_rule("departamento_residencia", "ciudad_residencia", "Departamento residencia", "Ciudad residencia"),
        place_rule("departamento_correspondencia", "ciudad_correspondencia", "Departamento correspondencia",
                   "Ciudad correspondencia"),
        celular_rule("celular", "Celular"),
        celular_rule("celular_alterno", "Celular alterno"),
    ),
)
