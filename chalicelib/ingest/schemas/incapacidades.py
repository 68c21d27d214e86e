"""Incapacidades y licencias (incapacidades): each economic benefit a cotizante filed — folio, dates, days,
contingencia, CIE-10 diagnosis and its state of reimbursement to the aportante (issue 25)."""

from __future__ import annotations

from chalicelib.affiliate_finance.columns import cie10_rule, not_more_than_rule, party_columns, party_rule
from chalicelib.affiliate_finance.repository import FinanceRepository
from chalicelib.ingest.people import YES_NO, dates_in_order_rule, person_columns, person_rule
from chalicelib.ingest.schema import Column, EntitySchema, Kind, TypedRow

CONTINGENCIAS = {"ENFERMEDAD GENERAL": "Enfermedad general", "ACCIDENTE DE TRABAJO": "Accidente de trabajo",
                 "ENFERMEDAD LABORAL": "Enfermedad laboral", "LICENCIA DE MATERNIDAD": "Licencia de maternidad",
                 "LICENCIA DE PATERNIDAD": "Licencia de paternidad"}
ESTADOS = {"RADICADA": "Radicada", "EN TRAMITE": "En trámite", "LIQUIDADA": "Liquidada", "PAGADA": "Pagada",
           "RECHAZADA": "Rechazada", "SIN SUBSIDIO": "Sin subsidio", "ANULADA": "Anulada"}
COTIZANTE, APORTANTE = " cotizante", " aportante"

COLUMNS = (
    *person_columns(label=COTIZANTE),
    *party_columns("aportante_", APORTANTE),
    Column("Razón social aportante", "razon_social", required=True, max_length=120),
    Column("Contingencia", "contingencia", Kind.ENUM, required=True, choices=CONTINGENCIAS),
    Column("Número folio", "numero_folio", Kind.DIGITS, required=True, max_length=20),
    Column("Oficina folio", "oficina_folio", required=True, max_length=60),
    Column("Fecha inicio", "fecha_inicio", Kind.DATE, required=True),
    Column("Fecha fin", "fecha_fin", Kind.DATE, required=True),
    Column("Días solicitados", "dias_solicitados", Kind.INT, required=True, max_length=3),
    Column("Días acumulados", "dias_acumulados", Kind.INT, required=True, max_length=4),
    Column("Prórroga", "prorroga", Kind.ENUM, required=True, choices=YES_NO),
    Column("Diagnóstico", "diagnostico", required=True, max_length=7, description="Código CIE-10 (J189 o J18.9)"),
    Column("Estado", "estado", Kind.ENUM, required=True, choices=ESTADOS),
)


def dias_match_dates(row: TypedRow) -> list[str]:
    if row["fecha_inicio"] <= row["fecha_fin"] and row["dias_solicitados"] < 1:
        return ['"Días solicitados" debe ser mayor que cero']
    return []


def put_batch(rows: list[TypedRow]) -> int:
    return FinanceRepository().put_incapacidades(rows)


SCHEMA = EntitySchema(
    name="incapacidades",
    title="Incapacidades y licencias",
    description="Las prestaciones económicas radicadas por cada cotizante: folio, fechas, días, contingencia, "
                "diagnóstico (CIE-10) y estado del reembolso al aportante.",
    columns=COLUMNS,
    key_fields=("doc_type", "doc_number", "oficina_folio", "numero_folio"),
    key_description="Ítem `affiliate_incapacidades` (`cotizante` = `<tipo>#<número>`, `folio` = "
                    "`<oficina>#<número>`); recargar lo reemplaza.",
    load_order=67,
    put_batch=put_batch,
    provider_field=None,
    check_provider=False,
    row_rules=(person_rule(label=COTIZANTE), party_rule("aportante_", APORTANTE, "aportante"),
               dates_in_order_rule("fecha_inicio", "fecha_fin", "Fecha inicio", "Fecha fin"),
               not_more_than_rule("dias_solicitados", "dias_acumulados", "Días solicitados", "Días acumulados"),
               cie10_rule("diagnostico", "Diagnóstico"), dias_match_dates),
)
