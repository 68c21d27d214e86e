"""PynamoDB models of the affiliates' authorisations (OPS), MIPRES prescriptions, office copays and the marks the
portal adds to them (an email queued once, a copay paid online). Read and written only by
chalicelib/authorizations/repository.py. Dates are ISO "YYYY-MM-DD" strings (Bogotá); money whole pesos."""

from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, LocalSecondaryIndex
from pynamodb.models import Model

from chalicelib.common.db import table


class OpsByFecha(LocalSecondaryIndex):
    """A person's OPS newest first; one month is `begins_with(fecha_key, "AAAA-MM")`: one Query."""

    class Meta:
        index_name = "by_fecha"
        projection = AllProjection()

    affiliate = UnicodeAttribute(hash_key=True)
    fecha_key = UnicodeAttribute(range_key=True)  # "AAAA-MM-DD#<No. Autorización>"


@table("affiliate_ops")
class OpsRecord(Model):
    """One row of `ops_afiliados` in its person's partition, replaced whole by each load (keyed by its number, so
    a reload that changes its date does not leave the old one behind)."""

    class Meta:
        table_name = "affiliate_ops"

    affiliate = UnicodeAttribute(hash_key=True)  # identity
    numero = UnicodeAttribute(range_key=True)  # No. Autorización
    fecha_key = UnicodeAttribute()
    presolicitud = UnicodeAttribute(null=True)
    fecha = UnicodeAttribute()
    plan = UnicodeAttribute()
    cups = UnicodeAttribute()
    prestacion = UnicodeAttribute()
    estado = UnicodeAttribute()
    proveedor_nit = UnicodeAttribute(null=True)
    proveedor_sucursal = UnicodeAttribute(null=True)
    proveedor_nombre = UnicodeAttribute(null=True)
    proveedor_telefonos = UnicodeAttribute(null=True)
    proveedor_ciudad = UnicodeAttribute(null=True)
    proveedor_direccion = UnicodeAttribute(null=True)
    vencimiento = UnicodeAttribute(null=True)
    valor_cuota = NumberAttribute(default=0)
    concepto = UnicodeAttribute(null=True)
    recaudo_en_linea = BooleanAttribute(default=False)
    observaciones = UnicodeAttribute(null=True)
    origen = UnicodeAttribute()

    by_fecha = OpsByFecha()


@table("affiliate_mipres")
class MipresRecord(Model):
    """One service of a MIPRES prescription, in its person's partition."""

    class Meta:
        table_name = "affiliate_mipres"

    affiliate = UnicodeAttribute(hash_key=True)
    prescripcion_key = UnicodeAttribute(range_key=True)  # "<No. prescripción>#<consecutivo 3 dígitos>"
    numero_prescripcion = UnicodeAttribute()
    consecutivo = NumberAttribute()
    fecha = UnicodeAttribute()
    servicio = UnicodeAttribute()
    cups = UnicodeAttribute(null=True)
    estado = UnicodeAttribute()
    prestador = UnicodeAttribute(null=True)
    prestador_direccion = UnicodeAttribute(null=True)
    prestador_telefono = UnicodeAttribute(null=True)
    numero_autorizacion = UnicodeAttribute(null=True)
    vencimiento = UnicodeAttribute(null=True)
    valor = NumberAttribute(default=0)
    plan = UnicodeAttribute()


@table("affiliate_copagos")
class CopagoRecord(Model):
    """One row of `copagos` (paid at an office), in its person's partition."""

    class Meta:
        table_name = "affiliate_copagos"

    affiliate = UnicodeAttribute(hash_key=True)
    recibo = UnicodeAttribute(range_key=True)
    numero_autorizacion = UnicodeAttribute(null=True)
    doc_type = UnicodeAttribute()
    doc_number = UnicodeAttribute()
    valor = NumberAttribute()
    concepto = UnicodeAttribute()
    fecha = UnicodeAttribute()  # ISO date-time, Bogotá, no offset
    estado = UnicodeAttribute()
    observaciones = UnicodeAttribute(null=True)


@table("affiliate_ops_marks")
class OpsMarkRecord(Model):
    """What the portal adds to the extracts, which no load may erase: `AVISO#<No. Autorización>` (its email was
    queued: never again) and `PAGO#<No. Autorización>` (its copay was paid online: shown ENTREGADA)."""

    class Meta:
        table_name = "affiliate_ops_marks"

    mark = UnicodeAttribute(hash_key=True)
    affiliate = UnicodeAttribute(null=True)
    payment_id = UnicodeAttribute(null=True)
    at = UnicodeAttribute()  # ISO UTC instant
