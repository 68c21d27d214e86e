"""Invoice totals derived from other entities: valor_pagado and the last payment (payment lines), valor_glosado
and the extract's answers to the glosa (glosa details: accepted by detail, lifted, details without an answer);
then each touched provider's cartera view (chalicelib/eps/cartera_view.py), rebuilt from its invoices and totals,
and after a glosas load its glosa details view (chalicelib/glosas/detail_view.py); after a providers load, the
registry's primary IPS view (chalicelib/providers/primary_network.py).

Each total is recomputed from all of its contributions, never incremented, so deriving twice or after a re-load
gives the same result. The contributions are written with the rows (chalicelib/eps/repository.py) and read back
with consistent queries of the base table: the totals never depend on how soon an index shows a write.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import groupby

from chalicelib.common.stored_views import ProviderViews
from chalicelib.eps.cartera_view import CarteraViews
from chalicelib.eps.repository import CarteraViewStore, InvoiceRepository
from chalicelib.eps.states import invoice_key
from chalicelib.glosas.detail_view import GlosaDetailViews, GlosaViewStore
from chalicelib.glosas.repository import GlosaRepository
from chalicelib.providers.primary_network import PrimaryIpsNetwork


@dataclass(frozen=True, slots=True)
class DeriveResult:
    invoices_updated: int = 0
    invoices_missing: int = 0  # referenced by the rows but not loaded yet (load invoices first)


def _affected_invoices(rows: Iterable[dict]) -> list[tuple[str, str]]:
    return sorted({(row["provider_id"], invoice_key(row["prefijo"], row["sufijo"])) for row in rows})


def _views(invoices: InvoiceRepository, views: CarteraViews | None) -> CarteraViews:
    return views or CarteraViews(invoices, CarteraViewStore())


def _set_totals(rows: Iterable[dict], refresh: Callable[[str, str], None], invoices: InvoiceRepository,
                views: CarteraViews | None, *others: ProviderViews) -> DeriveResult:
    """The totals of the rows' invoices, then each provider's cartera view and `others`."""
    affected = _affected_invoices(rows)
    existing = invoices.existing(affected)
    views = _views(invoices, views)
    for provider_id, keys in groupby(affected, key=lambda pair: pair[0]):
        with invoices.changing([provider_id]):
            for _, key in keys:
                if (provider_id, key) in existing:
                    refresh(provider_id, key)
        for view in (views, *others):
            view.refresh(provider_id)
    return DeriveResult(len(existing), len(affected) - len(existing))


def derive_paid_totals(rows: Iterable[dict], invoices: InvoiceRepository | None = None,
                       views: CarteraViews | None = None) -> DeriveResult:
    invoices = invoices or InvoiceRepository()
    return _set_totals(rows, lambda p, k: invoices.set_paid(p, k, invoices.paid_total(p, k)), invoices, views)


def derive_glosa_totals(rows: Iterable[dict], invoices: InvoiceRepository | None = None,
                        views: CarteraViews | None = None,
                        detail_views: GlosaDetailViews | None = None) -> DeriveResult:
    """After a glosas load: the invoices' glosa totals, the providers' cartera views and glosa details views."""
    invoices = invoices or InvoiceRepository()
    detail_views = detail_views or GlosaDetailViews(GlosaRepository(invoices), GlosaViewStore())
    return _set_totals(rows, lambda p, k: invoices.set_glosa(p, k, invoices.glosa_total(p, k)), invoices, views,
                       detail_views)


def derive_invoice_views(rows: Iterable[dict], invoices: InvoiceRepository | None = None,
                         views: CarteraViews | None = None) -> DeriveResult:
    """After an invoices load (its writes counted their changes: InvoiceRepository.put_batch): the providers'
    cartera views."""
    views = _views(invoices or InvoiceRepository(), views)
    providers = sorted({row["provider_id"] for row in rows})
    for provider_id in providers:
        views.refresh(provider_id)
    return DeriveResult()


def derive_primary_network(rows: Iterable[dict], network: PrimaryIpsNetwork | None = None) -> DeriveResult:
    """After a providers load: the primary IPS view, rebuilt from the whole registry (the rows are not needed)."""
    (network or PrimaryIpsNetwork()).refresh()
    return DeriveResult()
