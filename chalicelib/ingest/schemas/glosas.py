"""Glosa details: one row per detail, carrying the 50 columns of the portal's glosa export (seed 002 §8).

Deviation from the export: two key columns are added after the 50, because Numero_factura alone does not
say where the prefijo ends: Prefijo_factura and Sufijo_factura (Numero_factura must agree with them).
The provider's answers recorded in the portal live in glosa_responses, which this load never writes.
"""

from __future__ import annotations

from chalicelib.eps.catalogs import glosa_codes
from chalicelib.eps.repository import InvoiceRepository
from chalicelib.eps.states import sufijo_key
from chalicelib.glosas.repository import GlosaRepository, detail_key
from chalicelib.ingest.derive import derive_glosa_totals
from chalicelib.ingest.schema import Column, EntitySchema, Kind, TypedRow

T, D, N, M, DT, DOC, NIT = Kind.TEXT, Kind.DIGITS, Kind.INT, Kind.MONEY, Kind.DATE, Kind.DOC_TYPE, Kind.NIT

# (export column, kind, required, max length) in export order; AL..AO are the provider's response.
EXPORT_COLUMNS: tuple[tuple[str, Kind, bool, int | None], ...] = (
    ("Nit", NIT, True, None),
    ("Razon_Social", T, False, 200),
    ("Sucursal", Kind.BRANCH, False, 10),
    ("Numero_Radicacion", T, False, 20),
    ("Fecha_radicacion", DT, False, None),
    ("Numero_factura", T, True, 20),
    ("Valor_factura", M, True, 11),
    ("Fecha_glosa_inicial", DT, False, None),
    ("Numero_nota_debito", T, False, 20),
    ("Valor_total_nota_debito", M, False, 11),
    ("Tipo_ID_usuario", DOC, False, None),
    ("Numero_ID_usuario", T, False, 20),
    ("Nombre_usuario", T, False, 200),
    ("Fecha_atencion", DT, False, None),
    ("Codigo_servicio", T, False, 20),
    ("Descripcion_servicio", T, False, 300),
    ("Cantidad_facturada_IPS", N, False, 9),
    ("Valor_unitario_IPS", M, False, 11),
    ("Valor_facturado_IPS", M, False, 11),
    ("Valor_liquidacion", M, False, 11),
    ("Valor_glosa_aplicada", M, True, 11),
    ("Valor_IVA_nota_debito", M, False, 11),
    ("Valor_glosa_mas_iva", M, False, 11),
    ("Codigo_general_glosa", T, True, 6),
    ("Descripcion_general_glosa", T, False, 300),
    ("Codigo_especifico_glosa", T, True, 6),
    ("Descripcion_glosa_inicial", T, False, 1000),
    ("Observaciones_glosa_aplicada", T, False, 2000),
    ("Descripcion_Costo_Servicio", T, False, 300),
    ("Ambito_Atencion", T, False, 40),
    ("Consecutivo_Concepto_Glosa", D, False, 20),
    ("Tipo_Atencion", T, False, 60),
    ("Consecutivo_Detalle", D, True, 20),
    ("Numero_Unico_OPS", T, False, 30),
    ("Fecha_respuesta_a_glosa_IPS", DT, False, None),
    ("Codigo_respuesta_glosa_IPS", T, False, 6),
    ("Descripcion_respuesta_glosa_IPS", T, False, 300),
    ("Valor_aceptado_IPS", M, False, 11),
    ("Valor_sustentado_IPS", M, False, 11),
    ("Numero_nota_credito_IPS", T, False, 20),
    ("Observaciones_IPS_respuesta_a_glosa", T, False, 2000),
    ("Fecha_respuesta_a_objeccion_a_glosa_EPS", DT, False, None),
    ("Valor_glosa_levantado_EPS", M, False, 11),
    ("Valor_glosa_ratificado_EPS", M, False, 11),
    ("Valor_glosa_no_objetado_IPS", M, False, 11),
    ("Numero_nota_credito_EPS", T, False, 20),
    ("Observaciones_respuesta_a_objeccion_a_glosa_a_EPS", T, False, 2000),
    ("Consecutivo_Registro_Unico_Usuario_U10", T, False, 30),
    ("Fecha_Notificacion_Glosa", DT, True, None),
    ("Consecutivo_conciliacion", D, True, 20),
)
EXPORT_FIELDS = tuple(name.lower() for name, *_ in EXPORT_COLUMNS)

COLUMNS = tuple(
    Column(name, name.lower(), kind, required=required, max_length=max_length)
    for name, kind, required, max_length in EXPORT_COLUMNS
) + (
    Column("Prefijo_factura", "prefijo", Kind.CODE, max_length=4, default=""),
    Column("Sufijo_factura", "sufijo", Kind.CONSECUTIVE, required=True, max_length=20),
)


def amounts_consistent(row: TypedRow) -> list[str]:
    reasons = []
    if row["valor_glosa_aplicada"] > row["valor_factura"]:
        reasons.append('"Valor_glosa_aplicada" supera "Valor_factura"')
    answered = (row["valor_aceptado_ips"] or 0) + (row["valor_sustentado_ips"] or 0)
    if answered > row["valor_glosa_aplicada"]:
        reasons.append("La sumatoria del valor aceptado y el valor sustentado, supera el valor de la glosa")
    return reasons


def codes_in_catalogue(row: TypedRow) -> list[str]:
    """Glosa and response codes must be in the EPS's code catalogue (chalicelib/eps/data/glosa_codes.json)."""
    codes, reasons = glosa_codes(), []
    for column, field, known in (("Codigo_general_glosa", "codigo_general_glosa", codes.general),
                                 ("Codigo_especifico_glosa", "codigo_especifico_glosa", codes.specific),
                                 ("Codigo_respuesta_glosa_IPS", "codigo_respuesta_glosa_ips", codes.responses)):
        if row[field] and row[field] not in known:
            reasons.append(f'Columna "{column}": el código {row[field]} no está en el catálogo de glosas de la EPS')
    return reasons


def invoice_number_agrees(row: TypedRow) -> list[str]:
    """Numero_factura is the prefijo followed by the consecutive (separators and leading zeros aside)."""
    written = "".join(c for c in row["numero_factura"].upper() if c.isalnum())
    prefijo = row["prefijo"]
    consecutive = written[len(prefijo):] if written.startswith(prefijo) else ""
    if not (consecutive.isdigit() and sufijo_key(consecutive) == row["sufijo"]):
        return [f'"Numero_factura" {row["numero_factura"]} no corresponde a Prefijo_factura "{prefijo}" y '
                f'Sufijo_factura "{row["sufijo"]}"']
    return []


def put_batch(rows: list[TypedRow]) -> int:
    """Glosa details (glosas' owner), and what each adds to its invoice's glosa total (the invoices' owner)."""
    return GlosaRepository().put_batch(rows) + InvoiceRepository().put_glosa_contributions(rows, detail_key)


SCHEMA = EntitySchema(
    name="glosas",
    title="Detalle de glosas",
    description=(
        "Una fila por detalle de glosa, con las 50 columnas del archivo de glosas del portal (en el mismo "
        "orden) más Prefijo_factura y Sufijo_factura, que identifican la factura glosada. **Desviación** del "
        "archivo del portal: esas dos columnas no están en él; Numero_factura debe coincidir con ellas. Los "
        "códigos de glosa y de respuesta deben estar en el catálogo de la EPS (`chalicelib/eps/data/"
        "glosa_codes.json`)."
    ),
    columns=COLUMNS,
    key_fields=("nit", "consecutivo_conciliacion", "prefijo", "sufijo", "consecutivo_detalle"),
    key_description=(
        "Ítem `glosa_details` (`provider_id`, `detail_key` = "
        "`<consecutivo conciliación>#<prefijo>#<sufijo>#<consecutivo detalle>`). Recargar reemplaza el "
        "detalle; las respuestas que el prestador registró en el portal viven aparte (`glosa_responses`), "
        "la recarga no las toca y en la descarga prevalecen sobre las columnas de respuesta del extracto."
    ),
    load_order=40,
    put_batch=put_batch,
    row_rules=(amounts_consistent, invoice_number_agrees, codes_in_catalogue),
    derive=derive_glosa_totals,
)
