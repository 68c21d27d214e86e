"""The conciliation's detail file: made while the request waits up to a number of lines, past it a job (known after
reading one line more, never the whole conciliation) whose background run writes the whole file; a repeated request
while it is being prepared answers the same job. The file keeps its 50 typed columns and text as written."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook

from chalicelib.common.clock import BOGOTA
from chalicelib.common.errors import NotFound
from chalicelib.common.files import FileDownload
from chalicelib.common.identifiers import nit_check_digit
from chalicelib.glosas.detail_jobs import DONE, FAILED, PREPARING, DetailFileJob, DetailFileJobs
from chalicelib.glosas.models import GlosaDetail, GlosaResponse
from chalicelib.glosas.repository import Detail, as_detail, as_response
from chalicelib.glosas.service import GlosaQueryService
from tests.unit.payments.fakes import FakeDownloads

PROVIDER = "NI#900123456"


def detail(n: int, **fields) -> Detail:
    """The value the repository hands out, made as it makes it (unset attributes None)."""
    return as_detail(GlosaDetail(PROVIDER, f"50001#FE#{n}#1", invoice_key=f"FE#{n}", nit="900123456",
                                 numero_factura=f"FE{n}", valor_glosa_aplicada=9600,
                                 fecha_notificacion_glosa="2024-03-05", consecutivo_detalle="1",
                                 consecutivo_conciliacion="50001", **fields))


class CountingStore:
    """Yields `lines` details of conciliation 50001 lazily and counts how many were taken."""

    def __init__(self, lines: int, responses: dict | None = None, **first_fields):
        self.lines, self.taken, self._responses, self._first = lines, 0, responses or {}, first_fields
        self.answer_reads = 0

    def details_of_conciliation(self, provider_id, conciliation):
        for n in range(1, self.lines + 1):
            self.taken += 1
            yield detail(n, **(self._first if n == 1 else {}))

    def conciliation_responses(self, provider_id, conciliation):
        self.answer_reads += 1
        return {k: r for k, r in self._responses.items() if k.startswith(f"{conciliation}#")}


class FakeDetailJobStore:
    """The jobs table's conditional writes for detail-file jobs, in memory."""

    def __init__(self):
        self.jobs: dict[str, DetailFileJob] = {}

    def get(self, job_id):
        return self.jobs.get(job_id)

    def create(self, job):
        if job.job_id in self.jobs:
            return False
        self.jobs[job.job_id] = job
        return True

    def restart(self, job, *, expected):
        if self.jobs[job.job_id].status != expected:
            return False
        self.jobs[job.job_id] = job
        return True

    def _move(self, job_id, **values):
        if self.jobs[job_id].status != PREPARING:
            return False
        self.jobs[job_id] = replace(self.jobs[job_id], **values)
        return True

    def finish(self, job_id, *, file_key, lines, at):
        return self._move(job_id, status=DONE, file_key=file_key, lines=lines)

    def fail(self, job_id, *, reason, at):
        return self._move(job_id, status=FAILED)


class Clock:
    def __init__(self):
        self.at = datetime(2024, 3, 8, 10, 0, tzinfo=BOGOTA)

    def __call__(self):
        return self.at


class Setup:
    def __init__(self, store, max_detail_lines=10):
        self.jobs, self.started, self.clock, self.downloads = FakeDetailJobStore(), [], Clock(), FakeDownloads()
        detail_jobs = DetailFileJobs(self.jobs, self.started.append, lambda key, name: f"https://s3/{key}?n={name}",
                                     self.clock, expires_seconds=900)
        self.service = GlosaQueryService(store, self.downloads, lambda: date(2024, 3, 8), detail_jobs=detail_jobs,
                                         max_detail_lines=max_detail_lines)


def service(store, **options) -> GlosaQueryService:
    return Setup(store, **options).service


def test_a_conciliation_over_the_limit_becomes_a_job_after_one_line_more_and_its_run_writes_every_line():
    answer = as_response(GlosaResponse(PROVIDER, "50001#FE#25#1", valor_aceptado_ips=700))
    store = CountingStore(25, {"50001#FE#25#1": answer})
    setup = Setup(store, max_detail_lines=10)
    job = setup.service.detail_file(PROVIDER, "50001", "person-1")
    assert isinstance(job, DetailFileJob) and store.taken == 11
    assert (job.status, job.conciliation, job.filename, job.requested_by) == (
        PREPARING, "50001", "NI-900123456-20240308.xlsx", "person-1")
    assert "Estamos preparando el archivo" in job.message
    assert setup.started == [{"job_id": job.job_id}] and setup.downloads.files == {}
    assert setup.service.detail_file_job(PROVIDER, job.job_id) == (job, None)  # no link while preparing

    done = setup.service.write_detail_file(job.job_id)
    assert (done.status, done.lines) == (DONE, 25)
    [(key, body)] = setup.downloads.files.items()
    assert key == done.file_key and key.endswith("/NI-900123456-20240308.xlsx")
    rows = list(load_workbook(io.BytesIO(body))["Detalle de Glosa 1"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 25 and rows[-1][37] == 700  # AL: the recorded answer
    assert store.answer_reads == 1  # the conciliation's answers read once for its 25 lines
    found, link = setup.service.detail_file_job(PROVIDER, job.job_id)
    assert found.status == DONE and link == f"https://s3/{key}?n=NI-900123456-20240308.xlsx"
    assert setup.service.write_detail_file(job.job_id) is None  # a repeated invocation writes nothing more
    assert len(setup.downloads.files) == 1


def test_a_repeated_request_while_preparing_answers_the_same_job_and_starts_nothing_more():
    setup = Setup(CountingStore(12), max_detail_lines=10)
    first = setup.service.detail_file(PROVIDER, "50001", "person-1")
    setup.clock.at += timedelta(minutes=5)
    again = setup.service.detail_file(PROVIDER, "50001", "person-2")
    assert again == first and len(setup.started) == 1 and len(setup.jobs.jobs) == 1


def test_a_finished_or_abandoned_job_is_prepared_again_on_the_next_request():
    setup = Setup(CountingStore(12), max_detail_lines=10)
    first = setup.service.detail_file(PROVIDER, "50001", "person-1")
    setup.service.write_detail_file(first.job_id)
    again = setup.service.detail_file(PROVIDER, "50001", "person-1")  # answers recorded since are in the new file
    assert (again.job_id, again.status) == (first.job_id, PREPARING) and len(setup.started) == 2
    setup.clock.at += timedelta(minutes=21)  # its run was lost (the function's timeout is 15 minutes)
    assert setup.service.detail_file(PROVIDER, "50001", "person-1").requested_at == setup.clock.at
    assert len(setup.started) == 3


def test_another_providers_job_is_not_found():
    setup = Setup(CountingStore(12), max_detail_lines=10)
    job = setup.service.detail_file(PROVIDER, "50001", "person-1")
    with pytest.raises(NotFound):
        setup.service.detail_file_job("NI#800987654", job.job_id)
    with pytest.raises(NotFound):
        setup.service.detail_file_job(PROVIDER, "glosas-detalle-otro")


class FailingDownloads(FakeDownloads):
    def publish(self, key, file, filename, content_type):
        raise OSError("S3 no responde")


def test_a_run_that_fails_leaves_the_job_failed_with_its_message():
    setup = Setup(CountingStore(12), max_detail_lines=10)
    job = setup.service.detail_file(PROVIDER, "50001", "person-1")
    broken = GlosaQueryService(CountingStore(12), FailingDownloads(), lambda: date(2024, 3, 8),
                               detail_jobs=DetailFileJobs(setup.jobs, setup.started.append, lambda k, n: k,
                                                          setup.clock, 900))
    with pytest.raises(OSError):
        broken.write_detail_file(job.job_id)
    failed, link = setup.service.detail_file_job(PROVIDER, job.job_id)
    assert failed.status == FAILED and link is None and "No fue posible generar" in failed.message


def test_a_conciliation_at_the_limit_is_answered_with_typed_cells_and_text_as_written():
    answer = as_response(GlosaResponse(PROVIDER, "50001#FE#1#1", valor_aceptado_ips=4000, valor_sustentado_ips=5600,
                                       observaciones_ips_respuesta_a_glosa="=1+2"))
    store = CountingStore(10, {"50001#FE#1#1": answer}, nombre_usuario="@SUM(A1)")
    result = service(store, max_detail_lines=10).detail_file(PROVIDER, "50001")
    assert isinstance(result, FileDownload) and result.records == 10
    sheet = load_workbook(io.BytesIO(result.body))["Detalle de Glosa 1"]
    header = [c.value for c in sheet[1]]
    first = {name: cell for name, cell in zip(header, sheet[2], strict=True)}
    assert first["Nit"].value == f"900123456-{nit_check_digit('900123456')}"
    assert first["Valor_glosa_aplicada"].value == 9600 and first["Valor_glosa_aplicada"].number_format == "#,##0"
    assert first["Fecha_Notificacion_Glosa"].value.date() == date(2024, 3, 5)
    assert first["Valor_aceptado_IPS"].value == 4000
    for name, text in (("Observaciones_IPS_respuesta_a_glosa", "=1+2"), ("Nombre_usuario", "@SUM(A1)")):
        assert first[name].value == text and first[name].data_type == "s"  # a string cell, never a formula
    assert sheet.max_row == 11
