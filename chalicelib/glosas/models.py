"""Glosa details (loaded by ingestion from the EPS's extracts) and the provider's responses (recorded by the
portal): two tables, so that an EPS re-extract, which replaces whole detail items, can never overwrite an
answer the provider gave in the portal."""

from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.common.db import table


class _Index(GlobalSecondaryIndex):
    class Meta:
        projection = AllProjection()


class GlosasByInvoice(_Index):
    class Meta:
        index_name = "by_invoice"
        projection = AllProjection()

    invoice_pk = UnicodeAttribute(hash_key=True)
    detail_key = UnicodeAttribute(range_key=True)


class GlosasByNotificationDate(_Index):
    class Meta:
        index_name = "by_notification_date"
        projection = AllProjection()

    provider_id = UnicodeAttribute(hash_key=True)
    notification_key = UnicodeAttribute(range_key=True)  # f"{fecha_notificacion_glosa}#{detail_key}"


@table("glosa_details")
class GlosaDetail(Model):
    """One glosa detail line; attribute names are the lower-cased export column names (DOMAIN.md)."""

    class Meta:
        table_name = "glosa_details"

    provider_id = UnicodeAttribute(hash_key=True)
    # f"{consecutivo_conciliacion}#{invoice_key}#{consecutivo_detalle}"
    detail_key = UnicodeAttribute(range_key=True)
    invoice_pk = UnicodeAttribute()
    notification_key = UnicodeAttribute()
    invoice_key = UnicodeAttribute()
    prefijo_factura = UnicodeAttribute(default="")
    sufijo_factura = UnicodeAttribute()

    # The 50 export columns, in export order ("nit" is the NIT without check digit).
    nit = UnicodeAttribute()
    razon_social = UnicodeAttribute(null=True)
    sucursal = UnicodeAttribute(null=True)
    numero_radicacion = UnicodeAttribute(null=True)
    fecha_radicacion = UnicodeAttribute(null=True)
    numero_factura = UnicodeAttribute()
    valor_factura = NumberAttribute()
    fecha_glosa_inicial = UnicodeAttribute(null=True)
    numero_nota_debito = UnicodeAttribute(null=True)
    valor_total_nota_debito = NumberAttribute(null=True)
    tipo_id_usuario = UnicodeAttribute(null=True)
    numero_id_usuario = UnicodeAttribute(null=True)
    nombre_usuario = UnicodeAttribute(null=True)
    fecha_atencion = UnicodeAttribute(null=True)
    codigo_servicio = UnicodeAttribute(null=True)
    descripcion_servicio = UnicodeAttribute(null=True)
    cantidad_facturada_ips = NumberAttribute(null=True)
    valor_unitario_ips = NumberAttribute(null=True)
    valor_facturado_ips = NumberAttribute(null=True)
    valor_liquidacion = NumberAttribute(null=True)
    valor_glosa_aplicada = NumberAttribute()
    valor_iva_nota_debito = NumberAttribute(null=True)
    valor_glosa_mas_iva = NumberAttribute(null=True)
    codigo_general_glosa = UnicodeAttribute()
    descripcion_general_glosa = UnicodeAttribute(null=True)
    codigo_especifico_glosa = UnicodeAttribute()
    descripcion_glosa_inicial = UnicodeAttribute(null=True)
    observaciones_glosa_aplicada = UnicodeAttribute(null=True)
    descripcion_costo_servicio = UnicodeAttribute(null=True)
    ambito_atencion = UnicodeAttribute(null=True)
    consecutivo_concepto_glosa = UnicodeAttribute(null=True)
    tipo_atencion = UnicodeAttribute(null=True)
    consecutivo_detalle = UnicodeAttribute()
    numero_unico_ops = UnicodeAttribute(null=True)
    fecha_respuesta_a_glosa_ips = UnicodeAttribute(null=True)
    codigo_respuesta_glosa_ips = UnicodeAttribute(null=True)
    descripcion_respuesta_glosa_ips = UnicodeAttribute(null=True)
    valor_aceptado_ips = NumberAttribute(null=True)  # AL
    valor_sustentado_ips = NumberAttribute(null=True)  # AM
    numero_nota_credito_ips = UnicodeAttribute(null=True)  # AN
    observaciones_ips_respuesta_a_glosa = UnicodeAttribute(null=True)  # AO
    fecha_respuesta_a_objeccion_a_glosa_eps = UnicodeAttribute(null=True)
    valor_glosa_levantado_eps = NumberAttribute(null=True)
    valor_glosa_ratificado_eps = NumberAttribute(null=True)
    valor_glosa_no_objetado_ips = NumberAttribute(null=True)
    numero_nota_credito_eps = UnicodeAttribute(null=True)
    observaciones_respuesta_a_objeccion_a_glosa_a_eps = UnicodeAttribute(null=True)
    consecutivo_registro_unico_usuario_u10 = UnicodeAttribute(null=True)
    fecha_notificacion_glosa = UnicodeAttribute()
    consecutivo_conciliacion = UnicodeAttribute()

    by_invoice = GlosasByInvoice()
    by_notification_date = GlosasByNotificationDate()


@table("glosa_responses")
class GlosaResponse(Model):
    """The provider's answer to one glosa detail, as recorded by the portal (export columns AJ..AO)."""

    class Meta:
        table_name = "glosa_responses"

    provider_id = UnicodeAttribute(hash_key=True)
    detail_key = UnicodeAttribute(range_key=True)  # the GlosaDetail's
    fecha_respuesta_a_glosa_ips = UnicodeAttribute()  # ISO date, America/Bogota
    codigo_respuesta_glosa_ips = UnicodeAttribute()
    descripcion_respuesta_glosa_ips = UnicodeAttribute()
    valor_aceptado_ips = NumberAttribute()  # AL
    valor_sustentado_ips = NumberAttribute()  # AM
    numero_nota_credito_ips = UnicodeAttribute(null=True)  # AN
    observaciones_ips_respuesta_a_glosa = UnicodeAttribute(null=True)  # AO
    late = BooleanAttribute(default=False)  # past the 15 business days of Ley 1438 art. 57
    process_number = NumberAttribute(null=True)  # the response load that recorded it
