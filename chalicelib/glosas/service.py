"""Gestión de glosas, Consultar (seed 002 §8): by conciliation, by notification date range, by invoice, and the
50-column detail file. No AWS here: the repository and the download store are handed in."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from typing import Protocol

from chalicelib.common.errors import InvalidQuery, NotFound
from chalicelib.common.files import INLINE_LIMIT_BYTES, DownloadLink, Downloads, FileDownload, deliver
from chalicelib.common.files import XLSX_CONTENT_TYPE as XLSX
from chalicelib.common.query import DateRange, InvoiceRef
from chalicelib.eps.states import invoice_key
from chalicelib.glosas import export
from chalicelib.glosas.models import GlosaDetail, GlosaResponse
from chalicelib.glosas.schemas import ConciliationList, ConciliationSummary

CONCILIATION_NOT_FOUND = "La conciliación no existe"
_CONCILIATION = re.compile(r"[0-9]{1,20}")


class GlosaStore(Protocol):
    def details_of_conciliation(self, provider_id: str, conciliation: str) -> Iterator[GlosaDetail]: ...

    def details_notified_between(self, provider_id: str, start: date, end: date) -> Iterator[GlosaDetail]: ...

    def details_of_invoice(self, provider_id: str, invoice_key: str) -> Iterator[GlosaDetail]: ...

    def responses(self, provider_id: str, detail_keys: Iterable[str]) -> dict[str, GlosaResponse]: ...


def conciliation_number(raw: str | None) -> str:
    value = (raw or "").strip()
    if not value:
        raise InvalidQuery('El campo "Número de Conciliación", no puede estar vacío',
                           details=[{"campo": "conciliacion", "mensaje": "Obligatorio"}])
    if not _CONCILIATION.fullmatch(value):
        raise InvalidQuery('El campo "Número de Conciliación" debe ser numérico (máximo 20 dígitos)',
                           details=[{"campo": "conciliacion", "mensaje": "Solo dígitos"}])
    return value


def summaries(details: Iterable[GlosaDetail]) -> list[ConciliationSummary]:
    groups: dict[str, dict] = {}
    for d in details:
        group = groups.setdefault(d.consecutivo_conciliacion, {"dates": set(), "invoices": set(), "notes": set(),
                                                                "details": 0, "value": 0})
        group["dates"].add(d.fecha_notificacion_glosa)
        group["invoices"].add(d.invoice_key)
        if d.numero_nota_debito:
            group["notes"].add(d.numero_nota_debito)
        group["details"] += 1
        group["value"] += int(d.valor_glosa_aplicada)
    return [ConciliationSummary(conciliacion=number, fecha_notificacion=min(g["dates"]),
                                cantidad_facturas=len(g["invoices"]), cantidad_notas_debito=len(g["notes"]),
                                cantidad_detalles=g["details"], valor_glosado=g["value"])
            for number, g in sorted(groups.items(), key=lambda kv: (min(kv[1]["dates"]), kv[0]), reverse=True)]


class GlosaQueryService:
    def __init__(self, store: GlosaStore, downloads: Downloads, today: Callable[[], date],
                 inline_limit: int = INLINE_LIMIT_BYTES, new_id: Callable[[], str] = lambda: uuid.uuid4().hex):
        self._store, self._downloads, self._today = store, downloads, today
        self._inline_limit, self._new_id = inline_limit, new_id

    def by_conciliation(self, provider_id: str, raw_number: str) -> ConciliationList:
        found = summaries(self._store.details_of_conciliation(provider_id, conciliation_number(raw_number)))
        if not found:
            raise NotFound(CONCILIATION_NOT_FOUND, code="CONCILIATION_NOT_FOUND")
        return ConciliationList(conciliaciones=found)

    def by_notification_range(self, provider_id: str, params: Mapping[str, str]) -> ConciliationList:
        period = DateRange.parse(dict(params))
        return ConciliationList(conciliaciones=summaries(
            self._store.details_notified_between(provider_id, period.start, period.end)))

    def by_invoice(self, provider_id: str, params: Mapping[str, str]) -> ConciliationList:
        ref = InvoiceRef.parse(dict(params))
        key = invoice_key(ref.prefijo, ref.sufijo)
        return ConciliationList(conciliaciones=summaries(self._store.details_of_invoice(provider_id, key)))

    def detail_file(self, provider_id: str, raw_number: str) -> FileDownload | DownloadLink:
        """The 50 columns of every detail of the conciliation, with the answers the portal recorded."""
        number = conciliation_number(raw_number)
        details = list(self._store.details_of_conciliation(provider_id, number))
        if not details:
            raise NotFound(CONCILIATION_NOT_FOUND, code="CONCILIATION_NOT_FOUND")
        responses = self._store.responses(provider_id, [d.detail_key for d in details])
        name = export.filename(details[0].nit, self._today())
        return deliver(lambda out: export.write(out, ((d, responses.get(d.detail_key)) for d in details)),
                       name, XLSX, downloads=self._downloads, inline_limit=self._inline_limit,
                       key=lambda: f"glosas/{provider_id.replace('#', '-')}/{self._new_id()}/{name}")
