"""Persistence of glosas: the only module that reads glosa_details and glosa_responses.

Every read is a Query on one provider's keys (by conciliation: the detail key's prefix; by notification
date: the by_notification_date index; by invoice: the by_invoice index) or a BatchGetItem of responses.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from pynamodb.attributes import NumberAttribute

from chalicelib.common.aws import client
from chalicelib.common.db import frozen_type, plain
from chalicelib.common.dynamo_items import RawPage, batch_get, numbers, put_items, query_pages, strings
from chalicelib.eps.repository import InvoiceRepository, PortalAnswer
from chalicelib.eps.states import invoice_key
from chalicelib.glosas.models import GlosaDetail, GlosaResponse
from chalicelib.glosas.responses import Answer

# What the repository hands out: plain frozen values with the models' attribute names (models.py), so the service
# and the export never hold a record that could be saved.
Detail = frozen_type("Detail", GlosaDetail)
RecordedResponse = frozen_type("RecordedResponse", GlosaResponse)
as_detail = plain(Detail)
as_response = plain(RecordedResponse)
# The extract's own answer columns: any of them set means the EPS already holds an answer for the line (the
# provider answered outside the portal, and the EPS may even have lifted or ratified it).
EXTRACT_ANSWER = ("fecha_respuesta_a_glosa_ips", "codigo_respuesta_glosa_ips", "valor_aceptado_ips",
                  "valor_sustentado_ips", "fecha_respuesta_a_objeccion_a_glosa_eps", "valor_glosa_levantado_eps",
                  "valor_glosa_ratificado_eps")
_MATCHING = ("detail_key", "invoice_key", "numero_factura", "consecutivo_detalle", "valor_glosa_aplicada",
             "fecha_notificacion_glosa", *EXTRACT_ANSWER)


_KEYS = ("provider_id", "detail_key", "invoice_pk", "notification_key", "invoice_key", "prefijo_factura",
         "sufijo_factura")
# The export columns as GlosaDetail stores them: numbers where the model says so, text otherwise.
_DETAIL_NUMBERS = tuple(name for name, attribute in GlosaDetail.get_attributes().items()
                        if isinstance(attribute, NumberAttribute))
_DETAIL_TEXT = tuple(name for name in GlosaDetail.get_attributes() if name not in _DETAIL_NUMBERS + _KEYS)


def detail_key(row: Mapping[str, Any]) -> str:
    """`<consecutivo conciliación>#<invoice key>#<consecutivo detalle>` of a typed row of the glosas extract."""
    key = invoice_key(row["prefijo"], row["sufijo"])
    return f"{row['consecutivo_conciliacion']}#{key}#{row['consecutivo_detalle']}"


def _detail_item(row: Mapping[str, Any]) -> dict:
    key, detail = invoice_key(row["prefijo"], row["sufijo"]), detail_key(row)
    item = {"provider_id": {"S": row["provider_id"]}, "detail_key": {"S": detail},
            "invoice_pk": {"S": f"{row['provider_id']}#{key}"},
            "notification_key": {"S": f"{row['fecha_notificacion_glosa']}#{detail}"},
            "invoice_key": {"S": key}, "prefijo_factura": {"S": row["prefijo"]}, "sufijo_factura": {"S": row["sufijo"]}}
    return numbers(strings(item, row, _DETAIL_TEXT), row, _DETAIL_NUMBERS)


def invoice_of(detail: str) -> str:
    """The invoice key inside a detail key (`<conciliación>#<prefijo>#<sufijo>#<detalle>`)."""
    return detail.split("#", 1)[1].rsplit("#", 1)[0]


class GlosaRepository:
    def __init__(self, invoices: InvoiceRepository | None = None):
        self._invoices = invoices or InvoiceRepository()

    def put_batch(self, rows: Iterable[Mapping[str, Any]]) -> int:
        """Glosa details from typed rows of the glosas extract (the 50 export columns, prefijo, sufijo), replaced
        by key; the provider's answers (glosa_responses) are never touched. Returns the items put."""
        items = {(row["provider_id"], detail_key(row)): row for row in rows}
        return put_items(self._db(), GlosaDetail.Meta.table_name, map(_detail_item, items.values()))

    def details_of_conciliation(self, provider_id: str, conciliation: str) -> Iterator[Detail]:
        return map(as_detail, GlosaDetail.query(provider_id, GlosaDetail.detail_key.startswith(f"{conciliation}#")))

    def details_notified_between(self, provider_id: str, start: date, end: date) -> Iterator[Detail]:
        condition = GlosaDetail.notification_key.between(start.isoformat(), f"{end.isoformat()}#\uffff")
        return map(as_detail, GlosaDetail.by_notification_date.query(provider_id, condition))

    def details_of_invoice(self, provider_id: str, invoice_key: str) -> Iterator[Detail]:
        return map(as_detail, GlosaDetail.by_invoice.query(f"{provider_id}#{invoice_key}"))

    def responses(self, provider_id: str, detail_keys: Iterable[str]) -> dict[str, RecordedResponse]:
        """BatchGetItem; PynamoDB sends the keys 100 a request and asks again for unprocessed ones."""
        return {response.detail_key: as_response(response)
                for response in GlosaResponse.batch_get([(provider_id, key) for key in detail_keys])}

    # --- the response upload: whole conciliations, read once, written in batches ----------------------
    # Raw requests with projections, not models: a load reads and writes tens of thousands of items, a few
    # attributes each, and PynamoDB's models cost more than DynamoDB's answers (docs/benchmarks.md).
    def matching_details(self, provider_id: str, conciliation: str) -> Iterator[DetailToMatch]:
        """The details of a conciliation with only what matching and the row rules need (with whether the EPS's
        extract already shows an answer)."""
        for item in self._query(GlosaDetail.Meta.table_name, provider_id, conciliation, _MATCHING):
            yield DetailToMatch(item["detail_key"]["S"], item["invoice_key"]["S"], item["numero_factura"]["S"],
                                item["consecutivo_detalle"]["S"], int(item["valor_glosa_aplicada"]["N"]),
                                item["fecha_notificacion_glosa"]["S"],
                                any(name in item and "NULL" not in item[name] for name in EXTRACT_ANSWER))

    def answered_details(self, provider_id: str, conciliation: str) -> Iterator[tuple[str, int]]:
        """(detail key, process number that recorded it; 0 when none) of the conciliation's answers."""
        for item in self._query(GlosaResponse.Meta.table_name, provider_id, conciliation,
                                ("detail_key", "process_number")):
            yield item["detail_key"]["S"], int(item.get("process_number", {}).get("N", 0))

    def record_answers(self, provider_id: str, answers: Iterable[Answer], process: int) -> int:
        """BatchWriteItem, 25 at a time (unprocessed items sent again), then the load's answers with the invoices'
        totals (what a reconciliation reads); a retried load writes the same items."""
        answers = list(answers)
        written = put_items(self._db(), GlosaResponse.Meta.table_name,
                            (_answer_item(provider_id, a, process) for a in answers))
        self._invoices.put_portal_answers(provider_id, process, (
            PortalAnswer(invoice_of(a.detail_key), a.detail_key, a.accepted) for a in answers))
        return written

    # --- projected raw pages, one per request (cartera's reads count them) ---------------------------
    def detail_pages(self, provider_id: str, projection: Iterable[str]) -> Iterator[RawPage]:
        return query_pages(self._db(), GlosaDetail.Meta.table_name, ("provider_id", provider_id), projection)

    def invoice_detail_pages(self, provider_id: str, invoice_key: str, projection: Iterable[str]) -> Iterator[RawPage]:
        return query_pages(self._db(), GlosaDetail.Meta.table_name, ("invoice_pk", f"{provider_id}#{invoice_key}"),
                           projection, index=GlosaDetail.by_invoice.Meta.index_name)

    def response_pages(self, provider_id: str, projection: Iterable[str]) -> Iterator[RawPage]:
        return query_pages(self._db(), GlosaResponse.Meta.table_name, ("provider_id", provider_id), projection)

    def responses_by_keys(self, provider_id: str, keys: list[str], projection: Iterable[str]) -> Iterator[list[dict]]:
        return batch_get(self._db(), GlosaResponse.Meta.table_name,
                         [{"provider_id": {"S": provider_id}, "detail_key": {"S": k}} for k in keys], projection)

    def _query(self, table: str, provider_id: str, conciliation: str, projection: Iterable[str]) -> Iterator[dict]:
        names = {f"#a{i}": name for i, name in enumerate(projection)}
        request = {"TableName": table, "KeyConditionExpression": "#p = :p AND begins_with(#k, :k)",
                   "ExpressionAttributeNames": {"#p": "provider_id", "#k": "detail_key", **names},
                   "ExpressionAttributeValues": {":p": {"S": provider_id}, ":k": {"S": f"{conciliation}#"}},
                   "ProjectionExpression": ", ".join(names)}
        for page in self._db().get_paginator("query").paginate(**request):
            yield from page.get("Items", [])

    @staticmethod
    def _db():
        return client("dynamodb")


def _answer_item(provider_id: str, answer: Answer, process: int) -> dict:
    """A GlosaResponse item (models.py names its attributes), in DynamoDB's own notation."""
    item = {"provider_id": {"S": provider_id}, "detail_key": {"S": answer.detail_key},
            "fecha_respuesta_a_glosa_ips": {"S": answer.answered_on.isoformat()},
            "codigo_respuesta_glosa_ips": {"S": answer.code},
            "descripcion_respuesta_glosa_ips": {"S": answer.description},
            "valor_aceptado_ips": {"N": str(answer.accepted)}, "valor_sustentado_ips": {"N": str(answer.sustained)},
            "late": {"BOOL": answer.late}, "process_number": {"N": str(process)}}
    if answer.credit_note:
        item["numero_nota_credito_ips"] = {"S": answer.credit_note}
    if answer.observations:
        item["observaciones_ips_respuesta_a_glosa"] = {"S": answer.observations}
    return item


@dataclass(frozen=True, slots=True)
class DetailToMatch:
    detail_key: str
    invoice_key: str
    numero_factura: str
    consecutivo_detalle: str
    valor_glosa_aplicada: int
    fecha_notificacion_glosa: str
    answered_in_extract: bool = False  # the EPS's extract shows an answer (EXTRACT_ANSWER)
