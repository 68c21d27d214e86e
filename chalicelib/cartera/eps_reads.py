"""What the EPS knows of a provider's invoices, read for a whole file at once (never one request per row).

Two partitions of the invoices' owner, read with projections and counted:

- invoices and their totals (paid, last payment, glosado, and the extract's answers to the glosas): a Query of
  the provider's partition, page by page, while it costs fewer requests than BatchGetItem of the file's keys
  would (one request per 100 keys); when the partition is larger, the keys past the last page read are fetched
  with BatchGetItem. At most twice the cheaper plan.
- only when an invoice has a glosa: the provider's answers recorded in the portal (a few thousand per item, in
  the totals partition), which win over the extract's answer detail by detail.

The totals are kept by ingestion's derive step and by the glosa response load (chalicelib/eps/repository.py), so
no payment, payment line nor glosa detail is read here. Raw items (no model objects): the cartera stage reads
tens of thousands of items, and only a handful of attributes of each.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from chalicelib.common.dynamo_items import RawPage
from chalicelib.eps.repository import InvoiceRepository, portal_answers

_BATCH_GET = 100


@dataclass(slots=True)
class EpsInvoice:
    """The EPS's view of one invoice (money in whole pesos)."""

    numero_radicado: str | None
    fecha_radicacion: str | None
    estado: str
    valor_factura: int
    valor_pagado: int = 0
    valor_glosado: int = 0
    valor_aceptado_ips: int = 0
    valor_levantado: int = 0
    glosa_sin_respuesta: bool = False  # a glosa line the provider has not answered yet
    ultimo_pago: str | None = None
    fecha_ultimo_pago: str | None = None


def _s(item: dict, name: str) -> str | None:
    value = item.get(name)
    return value.get("S") if value else None


def _n(item: dict, name: str) -> int:
    value = item.get(name)
    return int(value["N"]) if value and "N" in value else 0


class EpsReads:
    """Reads of one reconciliation; `requests` counts the DynamoDB requests by operation."""

    def __init__(self, invoices: InvoiceRepository):
        self._invoices = invoices
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
    _INVOICE = ("numero_radicado", "fecha_radicacion", "estado", "valor_factura")
    _TOTALS = ("valor_pagado", "ultimo_pago", "fecha_ultimo_pago", "valor_glosado", "valor_levantado", "aceptados",
               "glosas_pendientes")

    def invoices(self, provider_id: str, keys: list[str]) -> dict[str, EpsInvoice]:
        if not keys:
            return {}
        keys = sorted(set(keys))
        invoices = self._by_keys(self._invoices.invoice_pages, self._invoices.invoices_by_keys, provider_id, keys,
                                 self._INVOICE)
        view = {k: EpsInvoice(_s(i, "numero_radicado"), _s(i, "fecha_radicacion"), _s(i, "estado") or "",
                              _n(i, "valor_factura")) for k, i in invoices.items()}
        totals = self._by_keys(self._invoices.totals_pages, self._invoices.totals_by_keys, provider_id, sorted(view),
                               self._TOTALS)
        glosas: dict[str, dict] = {}
        for key, item in totals.items():
            invoice = view[key]
            invoice.valor_pagado, invoice.valor_glosado = _n(item, "valor_pagado"), _n(item, "valor_glosado")
            invoice.ultimo_pago, invoice.fecha_ultimo_pago = _s(item, "ultimo_pago"), _s(item, "fecha_ultimo_pago")
            if invoice.valor_glosado:
                glosas[key] = item
        if glosas:
            self._add_glosa_answers(provider_id, glosas, view)
        return view

    def _add_glosa_answers(self, provider_id: str, glosas: dict[str, dict], view: dict[str, EpsInvoice]) -> None:
        """The extract's answers of each glosada invoice, with the portal's winning detail by detail."""
        portal: dict[str, dict[str, int]] = {}
        for items, _ in self._counted(self._invoices.portal_answer_pages(provider_id)):
            for answer in portal_answers(items):
                if answer.invoice_key in glosas:
                    portal.setdefault(answer.invoice_key, {})[answer.detail_key] = answer.valor_aceptado_ips
        for key, item in glosas.items():
            invoice, answered = view[key], portal.get(key, {})
            invoice.valor_levantado = _n(item, "valor_levantado")
            accepted = item.get("aceptados", {}).get("M", {})
            invoice.valor_aceptado_ips = sum(answered.values()) + sum(
                int(value["N"]) for detail, value in accepted.items() if detail not in answered)
            invoice.glosa_sin_respuesta = any(detail not in answered
                                              for detail in item.get("glosas_pendientes", {}).get("SS", ()))
