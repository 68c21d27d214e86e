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

from chalicelib.common.stored_views import ProviderViews
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


class CarteraViews(ProviderViews):
    """Builds and reads the providers' stored cartera views (chalicelib/common/stored_views.py); `requests` counts
    the requests by operation."""

    def __init__(self, invoices: InvoiceRepository, store: CarteraViewStore):
        super().__init__(invoices, store, self._view)
        self._invoices = invoices

    def _view(self, provider_id: str) -> dict[str, list]:
        """The provider's view from its two partitions."""
        totals = {item["invoice_key"]["S"]: item
                  for items, _ in self._invoices.totals_pages(provider_id, ("invoice_key", *TOTALS_FIELDS))
                  for item in items}
        return {item["invoice_key"]["S"]: view_row(item, totals.get(item["invoice_key"]["S"]))
                for items, _ in self._invoices.invoice_pages(provider_id, ("invoice_key", *INVOICE_FIELDS))
                for item in items}
