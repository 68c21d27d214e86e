"""A response load's rows matched to the provider's glosa details and judged (seed 002 §8.4).

A row is the detail of its conciliation whose Numero_factura and Consecutivo_Detalle it names (case and leading
zeros aside), when its Nit is the provider's. What is stored comes from the provider's details view when it is fresh
(chalicelib/glosas/detail_view.py), else from the tables, and the answers already recorded from glosa_responses —
this load's own answers (a retried task) excepted. `chalicelib/glosas/responses.py` judges the rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from chalicelib.glosas.detail_view import GlosaDetailViews
from chalicelib.glosas.repository import DetailToMatch, GlosaRepository
from chalicelib.glosas.response_file import ParsedRow
from chalicelib.glosas.responses import Outcome, ResponseRow, StoredDetail, evaluate

Identity = tuple[str, str, str]  # (conciliación, Numero_factura upper-cased, Consecutivo_Detalle without zeros)


@dataclass(frozen=True, slots=True)
class StoredGlosas:
    details: dict[str, StoredDetail]  # every detail of the conciliations the file names, by detail key
    by_identity: dict[Identity, str]  # their detail keys by what a row of the file names
    answered: set[str]  # detail keys answered before: in the EPS's extract, or by an earlier load in the portal


def read_stored(glosas: GlosaRepository, views: GlosaDetailViews | None, provider_id: str,
                conciliations: Iterable[str], process: int) -> StoredGlosas:
    """The provider's details of `conciliations` and their answers recorded by loads other than `process`."""
    conciliations = sorted(conciliations)
    matching = (views.matching_details(provider_id, conciliations) if views else
                ((c, d) for c in conciliations for d in glosas.matching_details(provider_id, c)))
    recorded = (pair for c in conciliations for pair in glosas.answered_details(provider_id, c))
    return stored_glosas(matching, recorded, process)


def stored_glosas(matching: Iterable[tuple[str, DetailToMatch]], recorded: Iterable[tuple[str, int]],
                  process: int) -> StoredGlosas:
    details: dict[str, StoredDetail] = {}
    by_identity: dict[Identity, str] = {}
    answered: set[str] = set()
    notified: dict[str, date] = {}  # a provider's details share a few notification dates
    for conciliation, (key, invoice_key, number, line, glosa_value, notified_on, in_extract) in matching:
        if in_extract:
            answered.add(key)
        day = notified.get(notified_on)
        if day is None:
            day = notified[notified_on] = date.fromisoformat(notified_on)
        details[key] = StoredDetail(key, f"{conciliation}#{invoice_key}", glosa_value, day)
        by_identity[conciliation, number.strip().upper(), line.lstrip("0") or "0"] = key
    answered.update(key for key, number in recorded if number != process)  # this load's own answers: a retry
    return StoredGlosas(details, by_identity, answered)


def judge(rows: Iterable[ParsedRow], stored: StoredGlosas, nit: str, today: date) -> list[Outcome]:
    """One outcome per row of the file, in order (the answers to record among them)."""
    return evaluate(_response_rows(rows, stored.by_identity, nit), stored.details, stored.answered, today)


def _response_rows(rows: Iterable[ParsedRow], by_identity: dict[Identity, str], nit: str) -> Iterator[ResponseRow]:
    for row in rows:
        key = by_identity.get((row.conciliacion, row.factura, row.detalle), "") if row.nit in (nit, None) else ""
        yield ResponseRow(row.fila, key or f"?{row.fila}", row.aceptado, row.sustentado, row.nota_credito,
                          row.observaciones, row.error)
