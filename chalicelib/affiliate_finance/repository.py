"""Persistence of the affiliates' financial extracts: the only module that reads or writes their tables.

- Ingestion stores raw items (put_*: BatchWriteItem through common/dynamo_items), replaced by key.
- The services read plain values (affiliate_finance/types.py); every screen is one Query of the person's
  partition (the historial's months are a range of its sort key), plus one BatchGet of the online settlements.
- `settle` records a PAC invoice paid online in its own table, which ingestion never writes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from chalicelib.affiliate_finance.models import (
    AporteRecord,
    IncapacidadRecord,
    PacInvoiceRecord,
    PacPaymentRecord,
    PacSettlementRecord,
    PbsCarteraRecord,
)
from chalicelib.affiliate_finance.types import Aporte, CarteraPeriod, Incapacidad, PacInvoice, PacPayment
from chalicelib.common.aws import client
from chalicelib.common.dynamo_items import numbers, put_items, strings

_INVOICE_TEXT = ("plan", "contrato", "periodo", "fecha_emision", "fecha_limite", "estado")
_APORTE_TEXT = ("periodo", "aportante", "aportante_documento", "razon_social", "fecha_pago", "planilla", "operador")
_INCAPACIDAD_TEXT = ("numero_folio", "oficina_folio", "aportante", "aportante_documento", "razon_social",
                     "contingencia", "fecha_inicio", "fecha_fin", "prorroga", "diagnostico", "estado")


def _document(row: Mapping[str, Any], prefix: str) -> str:
    return f"{row[prefix + 'doc_type']} {row[prefix + 'doc_number']}"


class FinanceRepository:
    def __init__(self, dynamodb=None):
        self._client = dynamodb

    def _db(self):
        return self._client or client("dynamodb")

    # --- writes of the EPS's extracts ------------------------------------------------------------
    def put_invoices(self, rows: Iterable[Mapping[str, Any]]) -> int:
        items = {row["numero_factura"]: numbers(strings(
            {"responsable": {"S": row["identity"]}, "numero_factura": {"S": row["numero_factura"]}}, row,
            _INVOICE_TEXT), row, ("valor", "saldo")) for row in rows}
        return put_items(self._db(), PacInvoiceRecord.Meta.table_name, items.values())

    def put_payments(self, rows: Iterable[Mapping[str, Any]]) -> int:
        items = {}
        for row in rows:
            key = f"{row['fecha']}#{row['numero_factura']}"
            items[(row["identity"], key)] = numbers(strings(
                {"pagador": {"S": row["identity"]}, "pago": {"S": key}}, row, ("numero_factura", "fecha", "canal")),
                row, ("valor",))
        return put_items(self._db(), PacPaymentRecord.Meta.table_name, items.values())

    def put_cartera(self, rows: Iterable[Mapping[str, Any]]) -> int:
        items = {(row["identity"], row["periodo"]): numbers(
            {"aportante": {"S": row["identity"]}, "periodo": {"S": row["periodo"]}}, row,
            ("valor_esperado", "pagado", "saldo", "dias_mora")) for row in rows}
        return put_items(self._db(), PbsCarteraRecord.Meta.table_name, items.values())

    def put_aportes(self, rows: Iterable[Mapping[str, Any]]) -> int:
        items = {}
        for row in rows:
            row = {**row, "aportante_documento": _document(row, "aportante_")}
            key = f"{row['periodo']}#{row['aportante']}#{row['planilla']}"
            items[(row["identity"], key)] = numbers(strings(
                {"cotizante": {"S": row["identity"]}, "aporte": {"S": key}}, row, _APORTE_TEXT), row,
                ("ibc", "dias", "valor"))
        return put_items(self._db(), AporteRecord.Meta.table_name, items.values())

    def put_incapacidades(self, rows: Iterable[Mapping[str, Any]]) -> int:
        items = {}
        for row in rows:
            row = {**row, "aportante_documento": _document(row, "aportante_")}
            key = f"{row['oficina_folio']}#{row['numero_folio']}"
            items[(row["identity"], key)] = numbers(strings(
                {"cotizante": {"S": row["identity"]}, "folio": {"S": key}}, row, _INCAPACIDAD_TEXT), row,
                ("dias_solicitados", "dias_acumulados"))
        return put_items(self._db(), IncapacidadRecord.Meta.table_name, items.values())

    # --- reads -------------------------------------------------------------------------------------
    def invoices_of(self, identity: str) -> list[PacInvoice]:
        records = list(PacInvoiceRecord.query(identity))
        settled = self._settlements([r.numero_factura for r in records])
        return [_invoice(r, settled.get(r.numero_factura)) for r in records]

    def invoice(self, identity: str, numero_factura: str) -> PacInvoice | None:
        record = next(iter(PacInvoiceRecord.query(identity, PacInvoiceRecord.numero_factura == numero_factura)),
                      None)
        if record is None:
            return None
        return _invoice(record, self._settlements([numero_factura]).get(numero_factura))

    def payments_of(self, identity: str, year: int) -> list[PacPayment]:
        return [PacPayment(r.numero_factura, r.pagador, date.fromisoformat(r.fecha), int(r.valor), r.canal)
                for r in PacPaymentRecord.query(identity, PacPaymentRecord.pago.startswith(f"{year:04d}-"))]

    def cartera_of(self, aportante: str, until: str | None = None) -> list[CarteraPeriod]:
        condition = PbsCarteraRecord.periodo <= until if until else None
        return [CarteraPeriod(r.aportante, r.periodo, int(r.valor_esperado), int(r.pagado), int(r.saldo),
                              int(r.dias_mora)) for r in PbsCarteraRecord.query(aportante, condition)]

    def aportes_of(self, cotizante: str, desde: str, hasta: str) -> list[Aporte]:
        """Periods `desde`..`hasta` ("AAAA-MM", both included), in order."""
        condition = AporteRecord.aporte.between(f"{desde}#", f"{hasta}#\uffff")
        return [Aporte(r.cotizante, r.periodo, r.aportante_documento, r.razon_social, date.fromisoformat(r.fecha_pago),
                       r.planilla, r.operador, int(r.ibc), int(r.dias), int(r.valor))
                for r in AporteRecord.query(cotizante, condition)]

    def incapacidades_of(self, cotizante: str) -> list[Incapacidad]:
        return [Incapacidad(r.cotizante, r.numero_folio, r.oficina_folio, r.aportante_documento, r.razon_social,
                            r.contingencia, date.fromisoformat(r.fecha_inicio), date.fromisoformat(r.fecha_fin),
                            int(r.dias_solicitados), int(r.dias_acumulados), r.prorroga == "S", r.diagnostico,
                            r.estado) for r in IncapacidadRecord.query(cotizante)]

    # --- online payments ---------------------------------------------------------------------------
    def settle(self, numero_factura: str, payment_id: str, at: datetime) -> None:
        PacSettlementRecord(numero_factura, payment_id=payment_id, at=at.astimezone(UTC).isoformat()).save()

    @staticmethod
    def _settlements(numeros: list[str]) -> dict[str, datetime]:
        if not numeros:
            return {}
        return {r.numero_factura: datetime.fromisoformat(r.at)
                for r in PacSettlementRecord.batch_get(sorted(set(numeros)))}


def _invoice(r: PacInvoiceRecord, paid_online_at: datetime | None) -> PacInvoice:
    saldo = int(r.saldo)
    return PacInvoice(r.numero_factura, r.responsable, r.plan, r.contrato, r.periodo,
                      date.fromisoformat(r.fecha_emision), date.fromisoformat(r.fecha_limite), int(r.valor), saldo,
                      r.estado, paid_online_at if saldo > 0 else None)  # an extract with no saldo confirms it
