"""PAC payments (pagos_pac): what was paid of each PAC invoice, by whom, when and through which channel; the
retención en la fuente certificate sums them per year (issue 25)."""

from __future__ import annotations

from chalicelib.affiliate_finance.repository import FinanceRepository
from chalicelib.ingest.people import not_after_today_rule, person_columns, person_rule
from chalicelib.ingest.schema import Column, EntitySchema, Kind, TypedRow

CANALES = {"PSE": "PSE", "RECAUDO VERDE": "Recaudo Verde", "BANCO DE BOGOTA": "Banco de Bogotá",
           "GRUPO AVAL": "Portales del grupo AVAL", "CAJERO": "Cajero automático (convenio 1957)",
           "CAJA REGISTRADORA": "Cajas registradoras", "OFICINA": "Oficina de la EPS"}
PAGADOR = " pagador"

COLUMNS = (
    Column("Número factura", "numero_factura", Kind.CODE, required=True, max_length=20),
    *person_columns(label=PAGADOR),
    Column("Fecha", "fecha", Kind.DATE, required=True),
    Column("Valor", "valor", Kind.MONEY, required=True, max_length=11),
    Column("Canal", "canal", Kind.ENUM, required=True, choices=CANALES),
)


def valor_positive(row: TypedRow) -> list[str]:
    return [] if row["valor"] > 0 else ['"Valor" debe ser mayor que cero']


def put_batch(rows: list[TypedRow]) -> int:
    return FinanceRepository().put_payments(rows)


SCHEMA = EntitySchema(
    name="pagos_pac",
    title="Pagos del Plan de Atención Complementario (PAC)",
    description="Los pagos de las facturas PAC: factura, pagador, fecha, valor y canal de recaudo.",
    columns=COLUMNS,
    key_fields=("numero_factura", "doc_type", "doc_number", "fecha"),
    key_description="Ítem `affiliate_pac_payments` (`pagador` = `<tipo>#<número>`, `pago` = `<fecha>#<factura>`); "
                    "recargar lo reemplaza.",
    load_order=64,
    put_batch=put_batch,
    provider_field=None,
    check_provider=False,
    row_rules=(person_rule(label=PAGADOR), not_after_today_rule("fecha", "Fecha"), valor_positive),
)
