"""A provider's cartera view: what a reconciliation needs of each of its invoices (chalicelib/cartera/eps_reads.py),
built from the invoices and their totals and stored as one object, so that a reconciliation reads one object
instead of the two partitions item by item (botocore's parsing of ~120,000 items cost more than the whole floor of
the cartera benchmark, docs/benchmarks.md).

Built by ingestion's derive step after it changes a provider's invoices or totals (chalicelib/ingest/derive.py).
Never staler than the tables: every write of a provider's invoices or totals counts a change before and after it
(`InvoiceRepository.changing`); a view is built at the count read before its reads and used only while the count
is still that one, otherwise the reconciliation reads the tables. The provider's answers recorded in the portal are
not in the view: they change without a derive, and a reconciliation reads them apart (a few items).

A row, per invoice key: [numero_radicado, fecha_radicacion, estado, valor_factura, valor_pagado, valor_glosado,
ultimo_pago, fecha_ultimo_pago] and, for an invoice with a glosa, [valor_levantado, the extract's accepted values by
detail ({} when none), the details the extract shows without an answer (sorted)].
"""

from __future__ import annotations

from collections import Counter

from chalicelib.eps.repository import CarteraViewStore, InvoiceRepository

INVOICE_FIELDS = ("numero_radicado", "fecha_radicacion", "estado", "valor_factura")
TOTALS_FIELDS = ("valor_pagado", "ultimo_pago", "fecha_ultimo_pago", "valor_glosado", "valor_levantado",
                 "aceptados", "glosas_pendientes")


def _s(item: dict, name: str) -> str | None:
    value = item.get(name)
    return value.get("S") if value else None


def _n(item: dict, name: str) -> int:
    value = item.get(name)
    return int(value["N"]) if value and "N" in value else 0


def view_row(invoice: dict, totals: dict | None) -> list:
    """The row of one invoice from its raw items (projected on INVOICE_FIELDS and TOTALS_FIELDS)."""
    row = [_s(invoice, "numero_radicado"), _s(invoice, "fecha_radicacion"), _s(invoice, "estado") or "",
           _n(invoice, "valor_factura"), 0, 0, None, None]
    if totals:
        row[4:] = (_n(totals, "valor_pagado"), _n(totals, "valor_glosado"), _s(totals, "ultimo_pago"),
                   _s(totals, "fecha_ultimo_pago"))
        if row[5]:
            row += (_n(totals, "valor_levantado"),
                    {detail: int(value["N"]) for detail, value in totals.get("aceptados", {}).get("M", {}).items()},
                    sorted(totals.get("glosas_pendientes", {}).get("SS", ())))
    return row


class CarteraViews:
    """Builds and reads the providers' stored cartera views; `requests` counts the requests by operation."""

    def __init__(self, invoices: InvoiceRepository, store: CarteraViewStore):
        self._invoices, self._store = invoices, store
        self.requests: Counter = Counter()

    def refresh(self, provider_id: str) -> int:
        """Build the provider's view from its two partitions and store it; returns the generation it was built at.
        An older build finishing after a newer one is dropped; the view it replaces is removed."""
        generation, _ = self._invoices.view_marks(provider_id)
        totals = {item["invoice_key"]["S"]: item
                  for items, _ in self._invoices.totals_pages(provider_id, ("invoice_key", *TOTALS_FIELDS))
                  for item in items}
        view = {item["invoice_key"]["S"]: view_row(item, totals.get(item["invoice_key"]["S"]))
                for items, _ in self._invoices.invoice_pages(provider_id, ("invoice_key", *INVOICE_FIELDS))
                for item in items}
        self._store.put(provider_id, generation, view)
        replaced = self._invoices.mark_view_built(provider_id, generation)
        if replaced is False:
            self._store.delete(provider_id, generation)
        elif replaced is not None and replaced != generation:
            self._store.delete(provider_id, replaced)
        return generation

    def fresh(self, provider_id: str) -> dict[str, list] | None:
        """The provider's view when one is stored and no change came after it was built; None otherwise."""
        changes, built = self._invoices.view_marks(provider_id)
        self.requests["GetItem"] += 1
        if built is None or built != changes:
            return None
        self.requests["GetObject"] += 1
        return self._store.get(provider_id, built)
