"""Persistence of glosas: the only module that reads glosa_details and glosa_responses.

glosa_details also holds the marks of each provider's glosa details view (chalicelib/glosas/detail_view.py) in a
partition of their own (`~V#<provider>`, range key `~V`: no reader of a provider's details sees it); every write of
details counts its changes there.

Every read is a Query on one provider's keys (by conciliation: the detail key's prefix; by notification
date: the by_notification_date index; by invoice: the by_invoice index; a conciliation's range of answers).

glosa_responses holds three kinds of items, all read by every reader here:
- one answer per item (range key = the detail key), as the portal recorded them before issue 21;
- a conciliation's answers of one response load in items of up to GROUP_BYTES (range key
  `<conciliación>#~<process>#<n>`, the answers as one JSON string): botocore serialises and parses attribute by
  attribute, so a load of 44,000 answers cost ~3.7 s of CPU item by item, and ~1.2 s still as one item per invoice.
  "~" sorts after every invoice key (letters, digits, "#"), so they are the end of the conciliation's key range;
- an invoice's answers of one load in one item (`<conciliación>#<invoice key>#~<process>#<n>`), as the first
  grouping of issue 21 recorded them: inside the conciliation's range, after the invoice's details' keys.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from itertools import groupby
from operator import itemgetter
from typing import Any, NamedTuple

from pynamodb.attributes import NumberAttribute

from chalicelib.common.aws import client
from chalicelib.common.db import frozen_type, plain
from chalicelib.common.dynamo_items import RawPage, numbers, put_items, query_pages, strings
from chalicelib.common.stored_views import ViewMarks
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
# The invoice key and consecutivo de detalle are inside the detail key (detail_key()): not read again.
VIEW_MARKS = "~V"
MATCHING = ("detail_key", "numero_factura", "valor_glosa_aplicada", "fecha_notificacion_glosa", *EXTRACT_ANSWER)


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


def detail_to_match(item: dict) -> DetailToMatch:
    """What matching and the row rules need of a raw item projected on MATCHING."""
    key = item["detail_key"]["S"]
    invoice, line = key.split("#", 1)[1].rsplit("#", 1)
    return DetailToMatch(key, invoice, item["numero_factura"]["S"], line, int(item["valor_glosa_aplicada"]["N"]),
                         item["fecha_notificacion_glosa"]["S"],
                         any(name in item and "NULL" not in item[name] for name in EXTRACT_ANSWER))


def invoice_of(detail: str) -> str:
    """The invoice key inside a detail key (`<conciliación>#<prefijo>#<sufijo>#<detalle>`)."""
    return detail.split("#", 1)[1].rsplit("#", 1)[0]


class GlosaRepository:
    def __init__(self, invoices: InvoiceRepository | None = None):
        self._invoices = invoices or InvoiceRepository()
        self._marks = ViewMarks(self._db, lambda: GlosaDetail.Meta.table_name, "detail_key", VIEW_MARKS,
                                partition=lambda provider_id: f"{VIEW_MARKS}#{provider_id}")

    def put_batch(self, rows: Iterable[Mapping[str, Any]]) -> int:
        """Glosa details from typed rows of the glosas extract (the 50 export columns, prefijo, sufijo), replaced
        by key, their providers' detail views marked changed around the write; the provider's answers
        (glosa_responses) are never touched. Returns the items put."""
        items = {(row["provider_id"], detail_key(row)): row for row in rows}
        with self._marks.changing(provider for provider, _ in items):
            return put_items(self._db(), GlosaDetail.Meta.table_name, map(_detail_item, items.values()))

    # --- the marks of the providers' glosa details views (chalicelib/common/stored_views.py) --------------
    def view_marks(self, provider_id: str) -> tuple[int, int | None]:
        return self._marks.view_marks(provider_id)

    def mark_view_built(self, provider_id: str, generation: int) -> int | None | bool:
        return self._marks.mark_view_built(provider_id, generation)

    def details_of_conciliation(self, provider_id: str, conciliation: str) -> Iterator[Detail]:
        return map(as_detail, GlosaDetail.query(provider_id, GlosaDetail.detail_key.startswith(f"{conciliation}#")))

    def details_notified_between(self, provider_id: str, start: date, end: date) -> Iterator[Detail]:
        condition = GlosaDetail.notification_key.between(start.isoformat(), f"{end.isoformat()}#\uffff")
        return map(as_detail, GlosaDetail.by_notification_date.query(provider_id, condition))

    def details_of_invoice(self, provider_id: str, invoice_key: str) -> Iterator[Detail]:
        return map(as_detail, GlosaDetail.by_invoice.query(f"{provider_id}#{invoice_key}"))

    def conciliation_responses(self, provider_id: str, conciliation: str) -> dict[str, RecordedResponse]:
        """Every answer recorded to the conciliation's details, by detail key (one Query of its range)."""
        return {r.detail_key: r for item in self._query(GlosaResponse.Meta.table_name, provider_id, conciliation,
                                                         _RESPONSE)
                for r in _recorded(provider_id, item)}

    # --- the response upload: whole conciliations, read once, written in batches ----------------------
    # Raw requests with projections, not models: a load reads and writes tens of thousands of items, a few
    # attributes each, and PynamoDB's models cost more than DynamoDB's answers (docs/benchmarks.md).
    def matching_details(self, provider_id: str, conciliation: str) -> Iterator[DetailToMatch]:
        """The details of a conciliation with only what matching and the row rules need (with whether the EPS's
        extract already shows an answer)."""
        return map(detail_to_match, self._query(GlosaDetail.Meta.table_name, provider_id, conciliation, MATCHING))

    def answered_details(self, provider_id: str, conciliation: str) -> Iterator[tuple[str, int]]:
        """(detail key, process number that recorded it; 0 when none) of the conciliation's answers."""
        for item in self._query(GlosaResponse.Meta.table_name, provider_id, conciliation,
                                ("detail_key", "process_number", _ANSWERS)):
            process = int(item.get("process_number", {}).get("N", 0))
            if _ANSWERS in item:
                yield from ((entry[0], process) for entry in json.loads(item[_ANSWERS]["S"]))
            else:
                yield item["detail_key"]["S"], process

    def record_answers(self, provider_id: str, answers: Iterable[Answer], process: int) -> int:
        """Each conciliation's answers in items of up to GROUP_BYTES, BatchWriteItem 25 items at a time, then the
        load's answers with the invoices' totals (what a reconciliation reads); a retried load writes the same
        items. Returns the answers recorded."""
        answers = sorted(answers, key=itemgetter(0))  # by detail key
        put_items(self._db(), GlosaResponse.Meta.table_name, _answer_groups(provider_id, answers, process))
        keys = [a.detail_key for a in answers]
        self._invoices.put_portal_answers(provider_id, process, map(
            PortalAnswer, map(invoice_of, keys), keys, (a.accepted for a in answers)))
        return len(answers)

    # --- projected raw pages, one per request (cartera's reads count them) ---------------------------
    def detail_pages(self, provider_id: str, projection: Iterable[str]) -> Iterator[RawPage]:
        return query_pages(self._db(), GlosaDetail.Meta.table_name, ("provider_id", provider_id), projection)

    def invoice_detail_pages(self, provider_id: str, invoice_key: str, projection: Iterable[str]) -> Iterator[RawPage]:
        return query_pages(self._db(), GlosaDetail.Meta.table_name, ("invoice_pk", f"{provider_id}#{invoice_key}"),
                           projection, index=GlosaDetail.by_invoice.Meta.index_name)

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


# --- glosa_responses' two kinds of items ---------------------------------------------------------------------
ANSWER_GROUP = "~"  # after every invoice key and consecutivo de detalle: answer items sort after the details' keys
_ANSWERS = "respuestas"
GROUP_BYTES = 300_000  # DynamoDB's item limit is 400 KB; an answer's observations alone may take 8 KB
# An answer in a group item: the GlosaResponse attributes (models.py) in this order; process_number is the item's.
_ENTRY = ("detail_key", "fecha_respuesta_a_glosa_ips", "codigo_respuesta_glosa_ips", "descripcion_respuesta_glosa_ips",
          "valor_aceptado_ips", "valor_sustentado_ips", "numero_nota_credito_ips",
          "observaciones_ips_respuesta_a_glosa", "late")
_RESPONSE = (*GlosaResponse.get_attributes(), _ANSWERS)


def _answer_groups(provider_id: str, answers: list[Answer], process: int) -> Iterator[dict]:
    """Items of `answers` (sorted by detail key): each conciliation's in items of up to GROUP_BYTES."""
    for conciliation, group in groupby(answers, key=_conciliation_of):
        entries = [[a.detail_key, a.answered_on.isoformat(), a.code, a.description, a.accepted, a.sustained,
                    a.credit_note or None, a.observations or None, a.late] for a in group]
        for n, text in enumerate(_pieces(entries)):
            yield {"provider_id": {"S": provider_id},
                   "detail_key": {"S": f"{conciliation}#{ANSWER_GROUP}{process:09d}#{n:05d}"},
                   "process_number": {"N": str(process)}, _ANSWERS: {"S": text}}


def _pieces(entries: list[list]) -> Iterator[str]:
    """`entries` as JSON arrays of up to GROUP_BYTES each, in order, encoded once (one json.dumps in C for them all)
    and cut between entries: each entry is an array opening with a string, and inside a JSON string a quote is
    always escaped, so `],["` appears only where one entry ends and the next begins."""
    data = json.dumps(entries, ensure_ascii=False, separators=(",", ":")).encode()
    start, end = 1, len(data) - 1  # the entries, without the outer brackets
    while end - start + 2 > GROUP_BYTES:
        cut = data.rfind(_BETWEEN, start, start + GROUP_BYTES - 2)
        if cut < 0:  # one entry larger than a group: alone in its item
            cut = data.find(_BETWEEN, start)
            if cut < 0:
                break
        yield f"[{data[start:cut + 1].decode()}]"
        start = cut + 2
    yield f"[{data[start:end].decode()}]"


_BETWEEN = b'],["'


def _conciliation_of(answer: Answer) -> str:
    return answer.detail_key.split("#", 1)[0]


def _recorded(provider_id: str, item: dict) -> Iterator[RecordedResponse]:
    """The answers an item of glosa_responses holds, of either kind."""
    if _ANSWERS not in item:
        yield as_response(GlosaResponse.from_raw_data(item))
        return
    process = int(item["process_number"]["N"])
    for entry in json.loads(item[_ANSWERS]["S"]):
        yield RecordedResponse(provider_id=provider_id, process_number=process, **dict(zip(_ENTRY, entry, strict=True)))


class DetailToMatch(NamedTuple):  # a tuple: a 50,000-line load builds one per stored detail from the view's arrays
    detail_key: str
    invoice_key: str
    numero_factura: str
    consecutivo_detalle: str
    valor_glosa_aplicada: int
    fecha_notificacion_glosa: str
    answered_in_extract: bool = False  # the EPS's extract shows an answer (EXTRACT_ANSWER)
