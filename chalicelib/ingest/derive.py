"""Invoice totals derived from other entities: valor_pagado and the last payment (payment lines), valor_glosado
and the extract's answers to the glosa (glosa details: accepted by detail, lifted, details without an answer).

Each total is recomputed from all of its contributions, never incremented, so deriving twice or after a re-load
gives the same result. The contributions are written with the rows (chalicelib/eps/repository.py) and read back
with consistent queries of the base table: the totals never depend on how soon an index shows a write.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from chalicelib.eps.repository import InvoiceRepository
from chalicelib.eps.states import invoice_key


@dataclass(frozen=True, slots=True)
class DeriveResult:
    invoices_updated: int = 0
    invoices_missing: int = 0  # referenced by the rows but not loaded yet (load invoices first)


def _affected_invoices(rows: Iterable[dict]) -> list[tuple[str, str]]:
    return sorted({(row["provider_id"], invoice_key(row["prefijo"], row["sufijo"])) for row in rows})


def _set_totals(rows: Iterable[dict], refresh: Callable[[str, str], None], invoices: InvoiceRepository) -> DeriveResult:
    affected = _affected_invoices(rows)
    existing = invoices.existing(affected)
    for provider_id, key in affected:
        if (provider_id, key) in existing:
            refresh(provider_id, key)
    return DeriveResult(len(existing), len(affected) - len(existing))


def derive_paid_totals(rows: Iterable[dict], invoices: InvoiceRepository | None = None) -> DeriveResult:
    invoices = invoices or InvoiceRepository()
    return _set_totals(rows, lambda p, k: invoices.set_paid(p, k, invoices.paid_total(p, k)), invoices)


def derive_glosa_totals(rows: Iterable[dict], invoices: InvoiceRepository | None = None) -> DeriveResult:
    invoices = invoices or InvoiceRepository()
    return _set_totals(rows, lambda p, k: invoices.set_glosa(p, k, invoices.glosa_total(p, k)), invoices)
