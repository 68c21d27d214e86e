"""Invoice totals derived from other entities: valor_pagado (payment lines), valor_glosado (glosas).

Each total is recomputed from all of its source items, never incremented, so deriving twice or after
a re-load gives the same result. Totals live in their own table (InvoiceTotals), so an invoices
re-load never touches them. The sources are read through GSIs, which are eventually consistent: run
the derive step a few seconds after the write step (and again if in doubt; it is idempotent).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import islice

from chalicelib.eps.models import Invoice, InvoiceTotals
from chalicelib.eps.states import invoice_key
from chalicelib.glosas.models import GlosaDetail
from chalicelib.payments.models import PaymentLine

_BATCH_GET = 100


@dataclass(frozen=True, slots=True)
class DeriveResult:
    invoices_updated: int = 0
    invoices_missing: int = 0  # referenced by the rows but not loaded yet (load invoices first)


def _affected_invoices(rows: Iterable[dict]) -> list[tuple[str, str]]:
    return sorted({(row["provider_id"], invoice_key(row["prefijo"], row["sufijo"])) for row in rows})


def _existing(keys: list[tuple[str, str]]) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    keys_left = iter(keys)
    while batch := list(islice(keys_left, _BATCH_GET)):
        for invoice in Invoice.batch_get(batch, attributes_to_get=["provider_id", "invoice_key"]):
            found.add((invoice.provider_id, invoice.invoice_key))
    return found


def _set_totals(rows: Iterable[dict], attribute, total_of: Callable[[str], int]) -> DeriveResult:
    affected = _affected_invoices(rows)
    existing = _existing(affected)
    for provider_id, key in affected:
        if (provider_id, key) in existing:
            InvoiceTotals(provider_id, key).update(actions=[attribute.set(total_of(f"{provider_id}#{key}"))])
    return DeriveResult(len(existing), len(affected) - len(existing))


def _paid(invoice_pk: str) -> int:
    return sum(line.valor_pagado_factura for line in PaymentLine.by_invoice.query(invoice_pk))


def _glosado(invoice_pk: str) -> int:
    return sum(detail.valor_glosa_aplicada for detail in GlosaDetail.by_invoice.query(invoice_pk))


def derive_paid_totals(rows: Iterable[dict]) -> DeriveResult:
    return _set_totals(rows, InvoiceTotals.valor_pagado, _paid)


def derive_glosa_totals(rows: Iterable[dict]) -> DeriveResult:
    return _set_totals(rows, InvoiceTotals.valor_glosado, _glosado)
