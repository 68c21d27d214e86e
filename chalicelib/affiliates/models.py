"""PynamoDB models of what the EPS's extracts say about affiliates, and of the portal's edits (novedades).

Read and written only by chalicelib/affiliates/repository.py: ingestion writes raw items through it (put_*), the
affiliate services read plain values (chalicelib/affiliates/types.py). A person is named by their identity
(`identity_key(tipo, número)`, "CC#1032456789"); paths use `ref`, an opaque id stored on the affiliate's item.
Dates are ISO "YYYY-MM-DD" strings (Bogotá); instants ISO UTC.
"""

from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, ListAttribute, MapAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.common.db import table

CONTACT_ATTRIBUTES = (
    "correo", "correo_alternativo", "telefono_residencia", "telefono_adicional", "celular", "celular_alterno",
    "direccion_residencia", "departamento_residencia", "ciudad_residencia", "barrio", "localidad",
    "direccion_correspondencia", "departamento_correspondencia", "ciudad_correspondencia", "etnia", "escolaridad",
)


class AffiliatesByRef(GlobalSecondaryIndex):
    class Meta:
        index_name = "by_ref"
        projection = AllProjection()

    ref = UnicodeAttribute(hash_key=True)


@table("affiliates")
class AffiliateRecord(Model):
    """One row of `afiliados`, replaced whole by each load (its `extract_date` is that load's Bogotá date)."""

    class Meta:
        table_name = "affiliates"

    identity = UnicodeAttribute(hash_key=True)
    ref = UnicodeAttribute()  # affiliates.refs.ref_of(identity)
    doc_type = UnicodeAttribute()
    doc_number = UnicodeAttribute()
    primer_nombre = UnicodeAttribute()
    segundo_nombre = UnicodeAttribute(null=True)
    primer_apellido = UnicodeAttribute()
    segundo_apellido = UnicodeAttribute(null=True)
    fecha_nacimiento = UnicodeAttribute()
    genero = UnicodeAttribute()
    regimen = UnicodeAttribute()
    tipo_afiliado = UnicodeAttribute()
    tipo_cotizante = UnicodeAttribute(null=True)
    estado_afiliacion = UnicodeAttribute()
    derecho = UnicodeAttribute(null=True)
    rango_salarial = UnicodeAttribute(null=True)
    recien_nacido = BooleanAttribute(default=False)
    fecha_afiliacion = UnicodeAttribute(null=True)
    ips_nit = UnicodeAttribute(null=True)
    ips_sucursal = UnicodeAttribute(null=True)
    correo = UnicodeAttribute(null=True)
    correo_alternativo = UnicodeAttribute(null=True)
    telefono_residencia = UnicodeAttribute(null=True)
    telefono_adicional = UnicodeAttribute(null=True)
    celular = UnicodeAttribute(null=True)
    celular_alterno = UnicodeAttribute(null=True)
    direccion_residencia = UnicodeAttribute(null=True)
    departamento_residencia = UnicodeAttribute(null=True)
    ciudad_residencia = UnicodeAttribute(null=True)
    barrio = UnicodeAttribute(null=True)
    localidad = UnicodeAttribute(null=True)
    direccion_correspondencia = UnicodeAttribute(null=True)
    departamento_correspondencia = UnicodeAttribute(null=True)
    ciudad_correspondencia = UnicodeAttribute(null=True)
    etnia = UnicodeAttribute(null=True)
    escolaridad = UnicodeAttribute(null=True)
    extract_date = UnicodeAttribute()

    by_ref = AffiliatesByRef()


class FamilyByBeneficiary(GlobalSecondaryIndex):
    class Meta:
        index_name = "by_beneficiario"
        projection = AllProjection()

    beneficiario = UnicodeAttribute(hash_key=True)
    cotizante = UnicodeAttribute(range_key=True)


@table("affiliate_family")
class FamilyLinkRecord(Model):
    """One row of `grupo_familiar`: the cotizante's partition holds their group (one Query for the home page)."""

    class Meta:
        table_name = "affiliate_family"

    cotizante = UnicodeAttribute(hash_key=True)
    beneficiario = UnicodeAttribute(range_key=True)
    parentesco = UnicodeAttribute()
    fecha_inicio = UnicodeAttribute()
    fecha_fin = UnicodeAttribute(null=True)

    by_beneficiario = FamilyByBeneficiary()


@table("affiliate_pac_plans")
class PacPlanRecord(Model):
    """One row of `planes_pac`."""

    class Meta:
        table_name = "affiliate_pac_plans"

    affiliate = UnicodeAttribute(hash_key=True)
    contrato = UnicodeAttribute(range_key=True)
    plan = UnicodeAttribute()
    titular = UnicodeAttribute()
    vigencia_desde = UnicodeAttribute()
    vigencia_hasta = UnicodeAttribute(null=True)
    estado = UnicodeAttribute()


class PendingSupport(MapAttribute):
    tipo_soporte = UnicodeAttribute()
    fecha = UnicodeAttribute()


@table("affiliate_pending_documents")
class PendingDocumentsRecord(Model):
    """A person's rows of `documentos_pendientes`, one item per person (BatchGet for a whole family); a load
    replaces the person's list with the file's."""

    class Meta:
        table_name = "affiliate_pending_documents"

    affiliate = UnicodeAttribute(hash_key=True)
    documents = ListAttribute(of=PendingSupport, default=list)


class ContactEdit(MapAttribute):
    """One novedad of one person: the fields the edit carries (absent: not part of it)."""

    novedad_id = UnicodeAttribute()
    at = UnicodeAttribute()  # ISO UTC instant
    channel = UnicodeAttribute()
    correo = UnicodeAttribute(null=True)
    correo_alternativo = UnicodeAttribute(null=True)
    telefono_residencia = UnicodeAttribute(null=True)
    telefono_adicional = UnicodeAttribute(null=True)
    celular = UnicodeAttribute(null=True)
    celular_alterno = UnicodeAttribute(null=True)
    direccion_residencia = UnicodeAttribute(null=True)
    departamento_residencia = UnicodeAttribute(null=True)
    ciudad_residencia = UnicodeAttribute(null=True)
    barrio = UnicodeAttribute(null=True)
    localidad = UnicodeAttribute(null=True)
    direccion_correspondencia = UnicodeAttribute(null=True)
    departamento_correspondencia = UnicodeAttribute(null=True)
    ciudad_correspondencia = UnicodeAttribute(null=True)
    etnia = UnicodeAttribute(null=True)
    escolaridad = UnicodeAttribute(null=True)


@table("affiliate_novedades")
class NovedadesRecord(Model):
    """A person's portal edits, one item per person (BatchGet laid over a family's extract rows): ingestion never
    writes this table, so a load cannot erase an edit; an extract dated after an edit makes it no longer pending."""

    class Meta:
        table_name = "affiliate_novedades"

    identity = UnicodeAttribute(hash_key=True)
    edits = ListAttribute(of=ContactEdit, default=list)
