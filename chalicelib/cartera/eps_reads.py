"""What the EPS knows of a provider's invoices, read for a whole file at once (never one request per row).

First the provider's stored cartera view (chalicelib/eps/cartera_view.py): one GetItem of its marks and one
GetObject, when ingestion's derive step built it after the last change of the provider's invoices and totals.
Otherwise the two partitions of the invoices' owner, read with projections and counted:

- invoices and their totals (paid, last payment, glosado, and the extract's answers to the glosas): a Query of
  the provider's partition, page by page, while it costs fewer requests than BatchGetItem of the file's keys
  would (one request per 100 keys); when the partition is larger, the keys past the last page read are fetched
  with BatchGetItem. At most twice the cheaper plan.

Either way, only when an invoice has a glosa: the provider's answers recorded in the portal (a few thousand per
item, in the totals partition), which win over the extract's answer detail by detail. They are never in the view.

The totals are kept by ingestion's derive step and by the glosa response load (chalicelib/eps/repository.py), so
no payment, payment line nor glosa detail is read here. Raw items (no model objects): the cartera stage reads
tens of thousands of items, and only a handful of attributes of each.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterator
from typing import NamedTuple

from chalicelib.common.dynamo_items import RawPage
from chalicelib.eps.cartera_view import INVOICE_FIELDS, TOTALS_FIELDS, CarteraViews, view_row
from chalicelib.eps.repository import InvoiceRepository, portal_answers

_BATCH_GET = 100


class EpsInvoice(NamedTuple):
    """The EPS's view of one invoice (money in whole pesos). A tuple whose first eight fields are a cartera view's row
    (chalicelib/eps/cartera_view.py): made from it in one C-level step, tens of thousands a file."""

    numero_radicado: str | None
    fecha_radicacion: str | None
    estado: str
    valor_factura: int
    valor_pagado: int = 0
    valor_glosado: int = 0
    ultimo_pago: str | None = None
    fecha_ultimo_pago: str | None = None
    valor_aceptado_ips: int = 0
    valor_levantado: int = 0
    glosa_sin_respuesta: bool = False  # a glosa line the provider has not answered yet


_WITHOUT_GLOSA = (0, 0, False)  # valor_aceptado_ips, valor_levantado, glosa_sin_respuesta


class EpsReads:
    """Reads of one reconciliation; `requests` counts the DynamoDB requests by operation."""

    def __init__(self, invoices: InvoiceRepository, views: CarteraViews | None = None):
        self._invoices, self._views = invoices, views
        self.requests: Counter = Counter()

    # --- plumbing --------------------------------------------------------------------------------
    def _counted(self, pages: Iterator[RawPage]) -> Iterator[RawPage]:
        for page in pages:
            self.requests["Query"] += 1
            yield page

    def _by_keys(self, pages: Callable[..., Iterator[RawPage]], by_keys: Callable[..., Iterator[list[dict]]],
                 provider_id: str, keys: list[str], projection: tuple[str, ...]) -> dict[str, dict]:
        """Items of `keys` (range keys of the provider's partition): partition pages while they are cheaper
        than BatchGetItem, then BatchGetItem for the keys past the last page."""
        wanted = set(keys)
        found: dict[str, dict] = {}
        budget = math.ceil(len(keys) / _BATCH_GET)
        pages_read = 0
        last = None
        for items, page_last in self._counted(pages(provider_id, ("invoice_key", *projection))):
            pages_read, last = pages_read + 1, page_last
            for item in items:
                key = item["invoice_key"]["S"]
                if key in wanted:
                    found[key] = item
            if pages_read >= budget:
                break
        if last:
            covered = last["invoice_key"]["S"]
            rest = sorted(k for k in wanted if k > covered)
            for answer in by_keys(provider_id, rest, ("invoice_key", *projection)):
                self.requests["BatchGetItem"] += 1
                for item in answer:
                    found[item["invoice_key"]["S"]] = item
        return found

    # --- the EPS's view --------------------------------------------------------------------------
    def invoices(self, provider_id: str, keys: list[str]) -> dict[str, EpsInvoice]:
        if not keys:
            return {}
        keys = list(dict.fromkeys(keys))  # each once, in the file's order (BatchGetItem's are sorted apart)
        rows = self._stored_view(provider_id)
        if rows is None:
            rows = self._rows_from_tables(provider_id, keys)
        view, glosadas, make = {}, {}, EpsInvoice._make
        for key in keys:
            row = rows.get(key)
            if row is None:
                continue
            if len(row) > 8:
                glosadas[key] = row
            else:
                view[key] = make((*row, *_WITHOUT_GLOSA))
        if glosadas:
            self._add_glosa_answers(provider_id, glosadas, view)
        return view

    def _stored_view(self, provider_id: str) -> dict[str, list] | None:
        if self._views is None:
            return None
        before = Counter(self._views.requests)
        rows = self._views.fresh(provider_id)
        self.requests.update(self._views.requests - before)
        return rows

    def _rows_from_tables(self, provider_id: str, keys: list[str]) -> dict[str, list]:
        invoices = self._by_keys(self._invoices.invoice_pages, self._invoices.invoices_by_keys, provider_id, keys,
                                 INVOICE_FIELDS)
        totals = self._by_keys(self._invoices.totals_pages, self._invoices.totals_by_keys, provider_id,
                               sorted(invoices), TOTALS_FIELDS)
        return {key: view_row(item, totals.get(key)) for key, item in invoices.items()}

    def _add_glosa_answers(self, provider_id: str, glosadas: dict[str, list], view: dict[str, EpsInvoice]) -> None:
        """The glosada invoices into `view`, with the extract's answers and the portal's winning detail by detail."""
        portal: dict[str, dict[str, int]] = {}
        for items, _ in self._counted(self._invoices.portal_answer_pages(provider_id)):
            for answer in portal_answers(items):
                if answer.invoice_key in glosadas:
                    portal.setdefault(answer.invoice_key, {})[answer.detail_key] = answer.valor_aceptado_ips
        for key, row in glosadas.items():
            levantado, accepted, pendientes = row[8:]
            answered = portal.get(key, {})
            aceptado = sum(answered.values()) + sum(
                value for detail, value in accepted.items() if detail not in answered)
            view[key] = EpsInvoice._make((*row[:8], aceptado, levantado,
                                          any(detail not in answered for detail in pendientes)))
