"""Persistence of the EPS's invoices and their totals: the only module that reads or writes `invoices` and
`invoice_totals`.

`invoice_totals` holds, per provider partition, two kinds of items:
- an invoice's totals (range key = the invoice key): valor_pagado, valor_glosado and its last payment;
- contributions (range key `~P#<invoice key>#<payment number>` or `~G#<invoice key>#<glosa detail key>`), written
  with the payment lines and glosa details they come from;
- the provider's glosa answers recorded in the portal (range key `~R#<process number>#<chunk>`), written by the
  response load with its answers, a few thousand answers per item (one JSON string: botocore serialises and
  parses attribute by attribute, and a reconciliation reads them all);
- the marks of the provider's cartera view (range key `~V`): `changes` counts the changes of its invoices and
  totals (each change adds one before it writes and one after), `built` is the `changes` the newest stored view
  was built at (`CarteraViewStore`, chalicelib/eps/cartera_view.py).
"~" sorts after every invoice key, so the totals are one key range and each invoice's contributions another, read
with consistent Query on the base table: a total is never computed from an index that may not show the rows just
written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from chalicelib.common.aws import client
from chalicelib.common.dynamo_items import RawPage, batch_get, put_items, query_pages, strings
from chalicelib.common.stored_views import ViewMarks, ViewStore
from chalicelib.eps.models import Invoice, InvoiceTotals
from chalicelib.eps.states import invoice_key

CONTRIBUTIONS = "~"  # after every invoice key ("<prefijo>#<sufijo>": letters, digits and "#")
PAID, GLOSADO, PORTAL_ANSWERS = "P", "G", "R"
VIEW_MARKS = f"{CONTRIBUTIONS}V"
VIEW_PREFIX = "vistas/cartera/"
_ANSWERS_PER_ITEM = 3_000  # ~50 bytes each: well under DynamoDB's 400 KB per item
_INVOICE_TEXT = ("prefijo", "sufijo", "numero_factura", "sucursal", "fecha_factura", "numero_radicado",
                 "fecha_radicacion", "estado")


@dataclass(frozen=True, slots=True)
class PaidTotal:
    valor_pagado: int
    ultimo_pago: str | None  # the payment number of the latest payment (by date, then number)
    fecha_ultimo_pago: str | None


@dataclass(frozen=True, slots=True)
class GlosaTotal:
    valor_glosado: int = 0
    valor_levantado: int = 0
    aceptados: dict[str, int] = field(default_factory=dict)  # detail key → accepted, as the extract shows it
    pendientes: frozenset[str] = frozenset()  # detail keys the extract shows without an answer


class PortalAnswer(NamedTuple):  # a tuple: a response load records tens of thousands, sorted as they are
    invoice_key: str
    detail_key: str
    valor_aceptado_ips: int


def contribution_prefix(kind: str, key: str) -> str:
    return f"{CONTRIBUTIONS}{kind}#{key}#"


class InvoiceRepository:
    def __init__(self, dynamodb=None):
        self._client = dynamodb
        self._marks = ViewMarks(self._db, lambda: InvoiceTotals.Meta.table_name, "invoice_key", VIEW_MARKS)

    def _db(self):
        return self._client or client("dynamodb")

    # --- writes of the EPS's extracts ------------------------------------------------------------
    def put_batch(self, rows: Iterable[Mapping[str, Any]]) -> int:
        """Invoices from typed rows (provider_id, prefijo, sufijo, …): whole items, replaced by key."""
        items = {}
        for row in rows:  # one pass, the key built once: the last row of each key wins (a batch may not repeat one)
            key = invoice_key(row["prefijo"], row["sufijo"])
            items[row["provider_id"], key] = strings(
                {"provider_id": {"S": row["provider_id"]}, "invoice_key": {"S": key},
                 "valor_factura": {"N": str(row["valor_factura"])}}, row, _INVOICE_TEXT)
        with self.changing(provider for provider, _ in items):
            return put_items(self._db(), Invoice.Meta.table_name, items.values())

    # --- the marks of the providers' cartera views (chalicelib/common/stored_views.py) --------------------
    def changing(self, provider_ids: Iterable[str]):
        """Around a write of the providers' invoices or totals (ViewMarks.changing)."""
        return self._marks.changing(provider_ids)

    def view_marks(self, provider_id: str) -> tuple[int, int | None]:
        return self._marks.view_marks(provider_id)

    def mark_view_built(self, provider_id: str, generation: int) -> int | None | bool:
        return self._marks.mark_view_built(provider_id, generation)

    def put_paid_contributions(self, rows: Iterable[Mapping[str, Any]]) -> int:
        """What each payment line adds to its invoice's paid total (rows of the payments extract)."""
        items = {}
        for row in rows:
            key = invoice_key(row["prefijo"], row["sufijo"])
            contribution = f"{contribution_prefix(PAID, key)}{row['numero_pago']}"
            items[row["provider_id"], contribution] = {
                "provider_id": {"S": row["provider_id"]}, "invoice_key": {"S": contribution},
                "valor": {"N": str(row["valor_pagado_factura"])}, "payment_number": {"S": row["numero_pago"]},
                "fecha_pago": {"S": row["fecha_pago"]}}
        return put_items(self._db(), InvoiceTotals.Meta.table_name, items.values())

    def put_glosa_contributions(self, rows: Iterable[Mapping[str, Any]], detail_key_of) -> int:
        """What each glosa detail adds to its invoice's glosa total (rows of the glosas extract)."""
        items = {}
        for row in rows:
            key = invoice_key(row["prefijo"], row["sufijo"])
            contribution = f"{contribution_prefix(GLOSADO, key)}{detail_key_of(row)}"
            items[row["provider_id"], contribution] = _glosa_answer({
                "provider_id": {"S": row["provider_id"]}, "invoice_key": {"S": contribution},
                "valor": {"N": str(row["valor_glosa_aplicada"])}}, row)
        return put_items(self._db(), InvoiceTotals.Meta.table_name, items.values())

    # --- totals, from the base table ---------------------------------------------------------------
    def existing(self, keys: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
        """The (provider_id, invoice key) pairs that are loaded invoices (strongly consistent BatchGetItem)."""
        wanted = sorted(set(keys))
        if not wanted:
            return set()
        return {(i.provider_id, i.invoice_key) for i in Invoice.batch_get(
            wanted, consistent_read=True, attributes_to_get=["provider_id", "invoice_key"])}

    def _contributions(self, provider_id: str, kind: str, key: str, projection: tuple[str, ...]) -> Iterator[dict]:
        names = {f"#a{i}": name for i, name in enumerate(projection)}
        request = {"TableName": InvoiceTotals.Meta.table_name, "ConsistentRead": True,
                   "KeyConditionExpression": "#p = :p AND begins_with(#k, :k)",
                   "ExpressionAttributeNames": {"#p": "provider_id", "#k": "invoice_key", **names},
                   "ExpressionAttributeValues": {":p": {"S": provider_id}, ":k": {"S": contribution_prefix(kind, key)}},
                   "ProjectionExpression": ", ".join(names)}
        for page in self._db().get_paginator("query").paginate(**request):
            yield from page.get("Items", [])

    def paid_total(self, provider_id: str, key: str) -> PaidTotal:
        total, latest = 0, None
        for item in self._contributions(provider_id, PAID, key, ("valor", "payment_number", "fecha_pago")):
            total += int(item["valor"]["N"])
            latest = max(latest or ("", ""), (item["fecha_pago"]["S"], item["payment_number"]["S"]))
        return PaidTotal(total, latest[1] if latest else None, latest[0] if latest else None)

    def glosa_total(self, provider_id: str, key: str) -> GlosaTotal:
        glosado, levantado, aceptados, pendientes = 0, 0, {}, set()
        prefix = len(contribution_prefix(GLOSADO, key))
        for item in self._contributions(provider_id, GLOSADO, key, ("invoice_key", "valor", "aceptado", "levantado",
                                                                    "respondida")):
            detail = item["invoice_key"]["S"][prefix:]
            glosado += int(item["valor"]["N"])
            levantado += int(item.get("levantado", {}).get("N", 0))
            if "aceptado" in item:
                aceptados[detail] = int(item["aceptado"]["N"])
            if not item.get("respondida", {}).get("BOOL"):
                pendientes.add(detail)
        return GlosaTotal(glosado, levantado, aceptados, frozenset(pendientes))

    def set_paid(self, provider_id: str, key: str, paid: PaidTotal) -> None:
        actions = [InvoiceTotals.valor_pagado.set(paid.valor_pagado)]
        for attribute, value in ((InvoiceTotals.ultimo_pago, paid.ultimo_pago),
                                 (InvoiceTotals.fecha_ultimo_pago, paid.fecha_ultimo_pago)):
            actions.append(attribute.set(value) if value else attribute.remove())
        InvoiceTotals(provider_id, key).update(actions=actions)

    def set_glosa(self, provider_id: str, key: str, total: GlosaTotal) -> None:
        actions = [InvoiceTotals.valor_glosado.set(total.valor_glosado),
                   InvoiceTotals.valor_levantado.set(total.valor_levantado)]
        for attribute, value in ((InvoiceTotals.aceptados, total.aceptados),
                                 (InvoiceTotals.glosas_pendientes, set(total.pendientes))):
            actions.append(attribute.set(value) if value else attribute.remove())
        InvoiceTotals(provider_id, key).update(actions=actions)

    # --- the provider's answers recorded in the portal (glosas/repository.py records them) -----------
    def put_portal_answers(self, provider_id: str, process: int, answers: Iterable[PortalAnswer]) -> int:
        """The answers of one response load, in items of a few thousand; a retried load writes the same items
        (same answers, same order)."""
        ordered = sorted(answers)  # by invoice, then detail
        items = ({"provider_id": {"S": provider_id},
                  "invoice_key": {"S": f"{CONTRIBUTIONS}{PORTAL_ANSWERS}#{process:09d}#{n:05d}"},
                  "respuestas": {"S": json.dumps(ordered[start:start + _ANSWERS_PER_ITEM], separators=(",", ":"))}}
                 for n, start in enumerate(range(0, len(ordered), _ANSWERS_PER_ITEM)))
        return put_items(self._db(), InvoiceTotals.Meta.table_name, items)

    def portal_answer_pages(self, provider_id: str) -> Iterator[RawPage]:
        """Raw pages of the provider's recorded answers (`portal_answers` reads them)."""
        names = {"#p": "provider_id", "#k": "invoice_key", "#r": "respuestas"}
        request = {"TableName": InvoiceTotals.Meta.table_name, "ConsistentRead": True,
                   "KeyConditionExpression": "#p = :p AND begins_with(#k, :k)", "ExpressionAttributeNames": names,
                   "ExpressionAttributeValues": {":p": {"S": provider_id},
                                                 ":k": {"S": f"{CONTRIBUTIONS}{PORTAL_ANSWERS}#"}},
                   "ProjectionExpression": "#k, #r"}
        for page in self._db().get_paginator("query").paginate(**request):
            yield page.get("Items", []), page.get("LastEvaluatedKey")

    # --- projected reads of a provider's partition (cartera): raw pages, one per request ---------------
    def invoice_pages(self, provider_id: str, projection: Iterable[str]) -> Iterator[RawPage]:
        return query_pages(self._db(), Invoice.Meta.table_name, ("provider_id", provider_id), projection)

    def totals_pages(self, provider_id: str, projection: Iterable[str]) -> Iterator[RawPage]:
        """The provider's invoice totals (its contributions left out)."""
        return query_pages(self._db(), InvoiceTotals.Meta.table_name, ("provider_id", provider_id), projection,
                           below=("invoice_key", CONTRIBUTIONS))

    def invoices_by_keys(self, provider_id: str, keys: list[str], projection: Iterable[str]) -> Iterator[list[dict]]:
        return batch_get(self._db(), Invoice.Meta.table_name, _keys(provider_id, keys), projection)

    def totals_by_keys(self, provider_id: str, keys: list[str], projection: Iterable[str]) -> Iterator[list[dict]]:
        return batch_get(self._db(), InvoiceTotals.Meta.table_name, _keys(provider_id, keys), projection)


class CarteraViewStore(ViewStore):
    """The providers' cartera views (chalicelib/eps/cartera_view.py) under `vistas/cartera/`, the only module that
    reads or writes that prefix."""

    def __init__(self, s3=None, bucket: str | None = None):
        super().__init__(VIEW_PREFIX, s3, bucket)


def portal_answers(items: Iterable[dict]) -> Iterator[PortalAnswer]:
    """The answers held by raw items of `portal_answer_pages`."""
    for item in items:
        yield from map(PortalAnswer._make, json.loads(item["respuestas"]["S"]))


def _glosa_answer(item: dict, row: Mapping[str, Any]) -> dict:
    """The extract's answer to a glosa detail, kept on its contribution (the invoice's glosa total sums it)."""
    if row.get("valor_aceptado_ips") is not None:
        item["aceptado"] = {"N": str(row["valor_aceptado_ips"])}
    if row.get("valor_glosa_levantado_eps"):
        item["levantado"] = {"N": str(row["valor_glosa_levantado_eps"])}
    if row.get("fecha_respuesta_a_glosa_ips"):
        item["respondida"] = {"BOOL": True}
    return item


def _key(provider_id: str, key: str) -> dict:
    return {"provider_id": {"S": provider_id}, "invoice_key": {"S": key}}


def _keys(provider_id: str, keys: list[str]) -> list[dict]:
    return [_key(provider_id, k) for k in keys]
