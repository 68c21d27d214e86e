"""What the EPS knows of a provider's invoices, read for a whole file at once (never one request per row).

Every read is planned from what the file holds against what the provider's history holds, and counted:

- invoices and their totals: a Query of the provider's partition, page by page, while it costs fewer
  requests than BatchGetItem of the file's keys would (one request per 100 keys); when the partition is
  larger, the keys past the last page read are fetched with BatchGetItem. At most twice the cheaper plan.
- glosa details (only for invoices with a glosa): the provider's partition while it costs fewer pages than
  one by-invoice Query per glosada invoice; otherwise one Query per glosada invoice. The answers recorded in
  the portal (glosa_responses) are read the same way as invoices, and win over the extract's.
- last payment (only for paid invoices): the provider's payments (one Query, number and date) and then the
  cheaper of one by-invoice Query per paid invoice or one Query per payment of its lines.

A port composed from the owners' repositories (invoices, glosas, payments), whose projected reads return raw
items (no model objects): the cartera stage reads tens of thousands of items, and only a handful of attributes
of each.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from chalicelib.common.dynamo_items import RawPage
from chalicelib.eps.repository import InvoiceRepository
from chalicelib.glosas.repository import GlosaRepository
from chalicelib.payments.repository import PaymentRepository

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

    def __init__(self, invoices: InvoiceRepository, glosas: GlosaRepository, payments: PaymentRepository):
        self._invoices, self._glosas, self._payments = invoices, glosas, payments
        self.requests: Counter = Counter()

    # --- plumbing --------------------------------------------------------------------------------
    def _counted(self, pages: Iterator[RawPage]) -> Iterator[RawPage]:
        for page in pages:
            self.requests["Query"] += 1
            yield page

    def _by_keys(self, pages: Callable[..., Iterator[RawPage]], by_keys: Callable[..., Iterator[list[dict]]],
                 provider_id: str, keys: list[str], projection: tuple[str, ...],
                 range_name: str = "invoice_key") -> dict[str, dict]:
        """Items of `keys` (range keys of the provider's partition): partition pages while they are cheaper
        than BatchGetItem, then BatchGetItem for the keys past the last page."""
        wanted = set(keys)
        found: dict[str, dict] = {}
        budget = math.ceil(len(keys) / _BATCH_GET)
        pages_read = 0
        last = None
        for items, page_last in self._counted(pages(provider_id, (range_name, *projection))):
            pages_read, last = pages_read + 1, page_last
            for item in items:
                key = item[range_name]["S"]
                if key in wanted:
                    found[key] = item
            if pages_read >= budget:
                break
        if last:
            covered = last[range_name]["S"]
            rest = sorted(k for k in wanted if k > covered)
            for answer in by_keys(provider_id, rest, (range_name, *projection)):
                self.requests["BatchGetItem"] += 1
                for item in answer:
                    found[item[range_name]["S"]] = item
        return found

    # --- the EPS's view --------------------------------------------------------------------------
    def invoices(self, provider_id: str, keys: list[str]) -> dict[str, EpsInvoice]:
        if not keys:
            return {}
        keys = sorted(set(keys))
        invoices = self._by_keys(self._invoices.invoice_pages, self._invoices.invoices_by_keys, provider_id, keys, (
            "numero_radicado", "fecha_radicacion", "estado", "valor_factura"))
        view = {k: EpsInvoice(_s(i, "numero_radicado"), _s(i, "fecha_radicacion"), _s(i, "estado") or "",
                              _n(i, "valor_factura")) for k, i in invoices.items()}
        totals = self._by_keys(self._invoices.totals_pages, self._invoices.totals_by_keys, provider_id, sorted(view),
                               ("valor_pagado", "valor_glosado"))
        for key, item in totals.items():
            view[key].valor_pagado, view[key].valor_glosado = _n(item, "valor_pagado"), _n(item, "valor_glosado")
        self._add_glosas(provider_id, {k: v for k, v in view.items() if v.valor_glosado})
        self._add_last_payments(provider_id, {k: v for k, v in view.items() if v.valor_pagado})
        return view

    _GLOSA_FIELDS = ("invoice_key", "detail_key", "valor_aceptado_ips", "valor_glosa_levantado_eps",
                     "fecha_respuesta_a_glosa_ips")

    def _add_glosas(self, provider_id: str, glosadas: dict[str, EpsInvoice]) -> None:
        if not glosadas:
            return
        collected: list[dict] = []
        complete = False
        for pages, (items, last) in enumerate(self._counted(self._glosas.detail_pages(provider_id,
                                                                                       self._GLOSA_FIELDS)), start=1):
            collected.extend(i for i in items if i["invoice_key"]["S"] in glosadas)
            if not last:
                complete = True
            elif pages >= len(glosadas):
                break
        if not complete:
            collected = []
            for key in sorted(glosadas):
                for items, _ in self._counted(self._glosas.invoice_detail_pages(provider_id, key, self._GLOSA_FIELDS)):
                    collected.extend(items)
        # The provider's answers recorded in the portal win over the extract's answer columns.
        portal = self._by_keys(self._glosas.response_pages, self._glosas.responses_by_keys, provider_id,
                               sorted(_s(i, "detail_key") for i in collected), ("valor_aceptado_ips",),
                               range_name="detail_key") if collected else {}
        for item in collected:
            invoice = glosadas[item["invoice_key"]["S"]]
            answer = portal.get(_s(item, "detail_key"))
            invoice.valor_aceptado_ips += _n(answer or item, "valor_aceptado_ips")
            invoice.valor_levantado += _n(item, "valor_glosa_levantado_eps")
            if answer is None and not _s(item, "fecha_respuesta_a_glosa_ips"):
                invoice.glosa_sin_respuesta = True

    def _add_last_payments(self, provider_id: str, paid: dict[str, EpsInvoice]) -> None:
        if not paid:
            return
        dates: dict[str, str] = {}
        for items, _ in self._counted(self._payments.payment_pages(provider_id, ("payment_number", "fecha_pago"))):
            dates.update((i["payment_number"]["S"], i["fecha_pago"]["S"]) for i in items)
        numbers: dict[str, set[str]] = {key: set() for key in paid}
        if len(paid) <= len(dates):
            for key in sorted(paid):
                for items, _ in self._counted(self._payments.invoice_line_pages(provider_id, key, ("payment_number",))):
                    numbers[key].update(i["payment_number"]["S"] for i in items)
        else:
            for number in sorted(dates):
                for items, _ in self._counted(self._payments.payment_line_pages(provider_id, number, ("invoice_key",))):
                    for item in items:
                        if item["invoice_key"]["S"] in numbers:
                            numbers[item["invoice_key"]["S"]].add(number)
        for key, invoice in paid.items():
            dated = [(dates[n], n) for n in numbers[key] if n in dates]
            if dated:
                invoice.fecha_ultimo_pago, invoice.ultimo_pago = max(dated)
