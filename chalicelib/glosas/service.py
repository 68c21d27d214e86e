"""Gestión de glosas, Consultar (seed 002 §8): by conciliation, by notification date range, by invoice, and the
50-column detail file — made while the request waits up to a number of lines, else by a job in the background
(glosas/detail_jobs.py). No AWS here: the repository, the download store and the jobs are handed in."""

from __future__ import annotations

import re
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from itertools import islice
from typing import Protocol

from chalicelib.common.errors import InvalidQuery, NotFound
from chalicelib.common.files import INLINE_LIMIT_BYTES, DownloadLink, Downloads, FileDownload, deliver
from chalicelib.common.files import XLSX_CONTENT_TYPE as XLSX
from chalicelib.common.query import DateRange, InvoiceRef
from chalicelib.eps.states import invoice_key
from chalicelib.glosas import export
from chalicelib.glosas.detail_jobs import DetailFileJob, DetailFileJobs
from chalicelib.glosas.repository import Detail, RecordedResponse
from chalicelib.glosas.schemas import ConciliationList, ConciliationSummary

CONCILIATION_NOT_FOUND = "La conciliación no existe"
# Lines of a detail file made while the request waits: API Gateway answers 504 after 29 s. Measured
# (docs/benchmarks.md, benchmarks/glosa_export.py): ≈ 0.2 ms of CPU per line and one DynamoDB request per
# ~100 lines, so 20,000 lines stay near half of that limit; a larger conciliation's file is made by a job.
DETAIL_FILE_MAX_LINES = 20_000
DETAIL_FILE_FAILED = "No fue posible generar el archivo de detalle"
_CONCILIATION = re.compile(r"[0-9]{1,20}")


class GlosaStore(Protocol):
    def details_of_conciliation(self, provider_id: str, conciliation: str) -> Iterator[Detail]: ...

    def details_notified_between(self, provider_id: str, start: date, end: date) -> Iterator[Detail]: ...

    def details_of_invoice(self, provider_id: str, invoice_key: str) -> Iterator[Detail]: ...

    def conciliation_responses(self, provider_id: str, conciliation: str) -> dict[str, RecordedResponse]: ...


def conciliation_number(raw: str | None) -> str:
    value = (raw or "").strip()
    if not value:
        raise InvalidQuery('El campo "Número de Conciliación", no puede estar vacío',
                           details=[{"campo": "conciliacion", "mensaje": "Obligatorio"}])
    if not _CONCILIATION.fullmatch(value):
        raise InvalidQuery('El campo "Número de Conciliación" debe ser numérico (máximo 20 dígitos)',
                           details=[{"campo": "conciliacion", "mensaje": "Solo dígitos"}])
    return value


def summaries(details: Iterable[Detail]) -> list[ConciliationSummary]:
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
                 *, detail_jobs: DetailFileJobs, inline_limit: int = INLINE_LIMIT_BYTES,
                 new_id: Callable[[], str] = lambda: uuid.uuid4().hex, max_detail_lines: int = DETAIL_FILE_MAX_LINES):
        self._store, self._downloads, self._today, self._jobs = store, downloads, today, detail_jobs
        self._inline_limit, self._new_id, self._max_detail_lines = inline_limit, new_id, max_detail_lines

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

    def detail_file(self, provider_id: str, raw_number: str,
                    requested_by: str = "") -> FileDownload | DownloadLink | DetailFileJob:
        """The 50 columns of every detail of the conciliation, with the answers the portal recorded: the file
        itself up to `max_detail_lines` lines, else the job preparing it (known after reading one line more)."""
        number = conciliation_number(raw_number)
        details = list(islice(self._store.details_of_conciliation(provider_id, number), self._max_detail_lines + 1))
        if not details:
            raise NotFound(CONCILIATION_NOT_FOUND, code="CONCILIATION_NOT_FOUND")
        name = export.filename(details[0].nit, self._today())
        if len(details) > self._max_detail_lines:
            return self._jobs.request(provider_id, number, name, requested_by)
        return deliver(lambda out: export.write(out, self._answered(provider_id, details)),
                       name, XLSX, downloads=self._downloads, inline_limit=self._inline_limit,
                       key=lambda: self._file_key(provider_id, name))

    def detail_file_job(self, provider_id: str, job_id: str) -> tuple[DetailFileJob, str | None]:
        return self._jobs.of_provider(provider_id, job_id)

    def write_detail_file(self, job_id: str) -> DetailFileJob | None:
        """The background function: the whole conciliation's file written to the downloads prefix, its key kept on
        the job. None when the job is not preparing (a repeated invocation)."""
        job = self._jobs.preparing(job_id)
        if job is None:
            return None
        key = self._file_key(job.provider_id, job.filename)
        try:
            with tempfile.SpooledTemporaryFile(max_size=self._inline_limit) as out:
                lines = export.write(out, self._answered(
                    job.provider_id, self._store.details_of_conciliation(job.provider_id, job.conciliation)))
                out.seek(0)
                self._downloads.publish(key, out, job.filename, XLSX)
        except Exception:
            self._jobs.fail(job, DETAIL_FILE_FAILED)
            raise
        return self._jobs.finish(job, key, lines)

    def _answered(self, provider_id: str,
                  details: Iterable[Detail]) -> Iterator[tuple[Detail, RecordedResponse | None]]:
        """Each detail with the answer the portal recorded: a conciliation's answers read once (a load records them
        grouped by conciliation, so a range of its details would read them all again)."""
        conciliation, responses = None, {}
        for d in details:
            if not d.detail_key.startswith(f"{conciliation}#"):
                conciliation = d.detail_key.split("#", 1)[0]
                responses = self._store.conciliation_responses(provider_id, conciliation)
            yield d, responses.get(d.detail_key)

    def _file_key(self, provider_id: str, name: str) -> str:
        return f"glosas/{provider_id.replace('#', '-')}/{self._new_id()}/{name}"
