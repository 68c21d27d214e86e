"""Invoice totals derived from other entities: valor_pagado (payment lines), valor_glosado (glosas).

Each total is recomputed from all of its source items, never incremented, so deriving twice or after
a re-load gives the same result. The sources are read through GSIs, which are eventually consistent:
run the derive step a few seconds after the write step (and again if in doubt; it is idempotent).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pynamodb.exceptions import UpdateError

from chalicelib.eps.models import GlosaDetail, Invoice
from chalicelib.eps.states import invoice_key
from chalicelib.payments.models import PaymentLine


@dataclass(frozen=True, slots=True)
class DeriveResult:
    invoices_updated: int = 0
    invoices_missing: int = 0  # referenced by the rows but not loaded yet (load invoices first)


def _affected_invoices(rows: Iterable[dict]) -> set[tuple[str, str]]:
    return {(row["provider_id"], invoice_key(row["prefijo"], row["sufijo"])) for row in rows}


def _set_totals(
    rows: Iterable[dict], attribute, total_of: Callable[[str], int]
) -> DeriveResult:
    updated = missing = 0
    for provider_id, key in sorted(_affected_invoices(rows)):
        total = total_of(f"{provider_id}#{key}")
        try:
            Invoice(provider_id, key).update(
                actions=[attribute.set(total)], condition=Invoice.provider_id.exists()
            )
            updated += 1
        except UpdateError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
            missing += 1
    return DeriveResult(updated, missing)


def _paid(invoice_pk: str) -> int:
    return sum(line.valor_pagado_factura for line in PaymentLine.by_invoice.query(invoice_pk))


def _glosado(invoice_pk: str) -> int:
    return sum(detail.valor_glosa_aplicada for detail in GlosaDetail.by_invoice.query(invoice_pk))


def derive_paid_totals(rows: Iterable[dict]) -> DeriveResult:
    return _set_totals(rows, Invoice.valor_pagado, _paid)


def derive_glosa_totals(rows: Iterable[dict]) -> DeriveResult:
    return _set_totals(rows, Invoice.valor_glosado, _glosado)
