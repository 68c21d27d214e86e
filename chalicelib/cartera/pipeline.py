"""Consulta de cartera (seed 002 §6): request → upload → Step Functions → receipt email, validate,
reconcile, result file, result email.

A request is a job registered before its file exists: the quota slot is taken then (one conditional
UpdateItem), and the answer is a presigned POST for a key the server chose (`cargas/cartera/<job>.xlsx`).
The S3 event of that key moves the job from ESPERANDO_ARCHIVO to RECIBIDO with a conditional write and
starts one execution named after the job, so a repeated event (or a second POST with the same form)
starts nothing. Tasks pass the job id only; the rows stay inside the one task that validates, reconciles and
writes them.

Quota fairness (docs/cartera.md): a request whose file never arrives gives its slot back once its form
has expired; a file refused as a whole, or a failure of ours, gives it back too. Row errors do not: the
valid rows were reconciled. At most QUOTA.ceiling requests a day are registered even with slots given back.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath

from chalicelib.accounts.permissions import Principal
from chalicelib.cartera import emails
from chalicelib.cartera.eps_reads import EpsReads
from chalicelib.cartera.reconcile import Summary, reconcile_file
from chalicelib.cartera.result_file import write_result
from chalicelib.cartera.validation import Validated, validate_file
from chalicelib.common import clock
from chalicelib.common.bulk import collector_paused
from chalicelib.common.clock import BOGOTA
from chalicelib.common.errors import TooManyRequests
from chalicelib.common.pagination import Page
from chalicelib.eps.states import invoice_key
from chalicelib.ingest.storage import S3Storage
from chalicelib.jobs import failures
from chalicelib.jobs import repository as jobs
from chalicelib.jobs.models import JobRecord
from chalicelib.notifications.mailer import Mailer
from chalicelib.spreadsheets import FileRejected
from chalicelib.uploads.objects import UploadedObject
from chalicelib.uploads.presigned import PresignedUploads, UploadForm
from chalicelib.uploads.quota import DailyQuota, QuotaExceeded
from chalicelib.uploads.requests import PAGE_LINK_SECONDS, RECEIVED, WAITING_FILE, UploadRequests

PIPELINE = "cartera"
PREFIX = "cargas/cartera/"
QUOTA = DailyQuota(PIPELINE, limit=3, ceiling=10)
MAX_FILE_BYTES = 20 * 1024 * 1024  # 50,000 rows of the template take ~2 MB; room for heavy formatting
UPLOAD_SECONDS = 900  # the upload form's life
ABANDON_GRACE_SECONDS = 600  # an upload started just before the form expired may still be arriving
RESULT_LINK_HOURS = 24


class Status:
    WAITING_FILE = WAITING_FILE
    RECEIVED = RECEIVED
    VALIDATING = "VALIDANDO"
    RECONCILING = "CONCILIANDO"
    WRITING = "GENERANDO_RESULTADO"
    DONE = "FINALIZADO"
    FAILED = "FALLIDO"
    EXPIRED = "VENCIDA"  # the file never arrived: the slot went back to the quota
    TERMINAL = (DONE, FAILED, EXPIRED)
    RUNNING = (RECEIVED, VALIDATING, RECONCILING, WRITING)


PROGRESS = {Status.WAITING_FILE: 0, Status.RECEIVED: 5, Status.VALIDATING: 15, Status.RECONCILING: 40,
            Status.WRITING: 80, Status.DONE: 100, Status.FAILED: 100, Status.EXPIRED: 100}


@dataclass(frozen=True, slots=True)
class Reconciliation:
    lines: list[list]  # rows of the result's Conciliación sheet (result_file.result_line), in file order
    summary: Summary
    requests: dict[str, int]  # DynamoDB requests by operation


@dataclass(frozen=True, slots=True)
class Registered:
    job: JobRecord
    form: UploadForm
    left_today: int


class CarteraPipeline:
    def __init__(self, storage: S3Storage, uploads: PresignedUploads, executions, state_machine_arn: str,
                 mailer: Mailer, eps_reads: Callable[[], EpsReads], portal_url: str,
                 now: Callable[[], datetime] = clock.now):
        self._storage = storage
        self._requests = UploadRequests(PIPELINE, storage, uploads, executions, state_machine_arn,
                                        max_bytes=MAX_FILE_BYTES, upload_seconds=UPLOAD_SECONDS,
                                        now=lambda: self._now())
        self._mailer = mailer
        self._eps_reads = eps_reads
        self._portal_url = portal_url
        self._now = now

    # --- requests (API) ------------------------------------------------------------------------------
    def register(self, principal: Principal, filename: str) -> Registered:
        now = self._now()
        self._expire_abandoned(principal.provider_id, now)
        try:
            day, left = QUOTA.take(principal.provider_id, now)
        except QuotaExceeded as exc:
            raise TooManyRequests(
                f"Ya registró las {exc.limit} consultas de cartera permitidas hoy. Podrá registrar otra desde las "
                f"00:00 del {exc.resets_at:%d/%m/%Y} (hora de Colombia)",
                code="CUPO_DIARIO_AGOTADO", retry_after_seconds=int((exc.resets_at - now).total_seconds()) + 1,
            ) from None
        job, form = self._requests.create(principal, filename, quota_day=day)
        return Registered(job, form, left)

    def _expire_abandoned(self, provider_id: str, now: datetime) -> None:
        """Requests whose form expired without a file give their slot back (checked when it matters: before
        the provider takes another)."""
        for job in self._requests.expire_abandoned(
                provider_id, grace_seconds=ABANDON_GRACE_SECONDS, status=Status.EXPIRED,
                error="El archivo no se cargó a tiempo; la solicitud no cuenta en el cupo del día"):
            self._give_back(job, now)

    def _give_back(self, job: JobRecord, now: datetime) -> None:
        if jobs.mark_quota_returned(job.job_id, now.timestamp()):
            QUOTA.give_back(UploadRequests.provider_of(job), job.quota_day)

    def left_today(self, provider_id: str) -> int:
        """Requests the provider may still register today (shown before the upload, not only after it)."""
        return max(0, QUOTA.limit - QUOTA.used(provider_id, self._now().astimezone(BOGOTA).date()))

    def requests_of(self, provider_id: str, *, limit: int, cursor: str | None) -> Page[JobRecord]:
        return self._requests.of_provider(provider_id, limit=limit, cursor=cursor)

    def request_of(self, provider_id: str, job_id: str) -> JobRecord:
        return self._requests.one_of_provider(provider_id, job_id, message="La solicitud de cartera no existe",
                                              code="SOLICITUD_NO_EXISTE")

    def result_link(self, job: JobRecord, seconds: int = PAGE_LINK_SECONDS) -> str | None:
        return self._requests.link(job, seconds) if job.status == Status.DONE else None

    # --- S3 event ------------------------------------------------------------------------------------
    def on_upload(self, obj: UploadedObject) -> str | None:
        """Start the request's execution; None for an unknown key, a repeated event or a late upload."""
        job = self._requests.receive(obj)
        if job is None:
            return None
        if too_large := self._requests.too_large(obj):
            self.fail(job.job_id, {"Error": "FileRejected", "Cause": json.dumps({
                "errorType": "FileRejected", "errorMessage": too_large})})
            return job.job_id
        self._requests.start(job)
        return job.job_id

    # --- Step Functions tasks --------------------------------------------------------------------------
    def _recipient(self, job: JobRecord) -> tuple[str, str] | None:
        return self._requests.recipient(job)

    def receipt(self, job_id: str) -> dict:
        job = jobs.get(job_id)
        to = self._recipient(job)
        if to:
            self._mailer.send(emails.received(to=to[0], name=to[1], request_id=job_id, filename=job.filename,
                                              received_at=self._now().strftime("%d/%m/%Y %H:%M")))
        return {"job_id": job_id}

    def process(self, job_id: str) -> dict:
        """Validate, reconcile and write, one after the other in this task: they are one computation from the
        uploaded file to the result file, and handing 50,000 rows between tasks through S3 cost a quarter of it
        (docs/benchmarks.md). The job's status follows each step."""
        job = jobs.get(job_id)
        with collector_paused():
            checked = self.validate(job)
            reconciled = self.reconcile(job, checked)
            result_key = self.write(job, reconciled, checked.rejected)
        return {"rows": checked.total, "requests": reconciled.requests, "result_key": result_key}

    def validate(self, job: JobRecord) -> Validated:
        jobs.update(job.job_id, status=Status.VALIDATING)
        path = self._storage.download(job.source_key, job.source_version)
        try:
            checked = validate_file(path, job.source_key)
        finally:
            os.remove(path)
        jobs.update(job.job_id, status=Status.RECONCILING, total_rows=checked.total, accepted_rows=len(checked.valid),
                    rejected_rows=len(checked.rejected))
        return checked

    def reconcile(self, job: JobRecord, checked: Validated) -> Reconciliation:
        reads = self._eps_reads()
        view = reads.invoices(UploadRequests.provider_of(job),
                              [invoice_key(row["prefijo"], row["sufijo"]) for _, row in checked.valid])
        lines, summary = reconcile_file(checked.valid, view, rejected=len(checked.rejected))
        jobs.update(job.job_id, status=Status.WRITING, progress_rows=len(lines), summary=summary.as_dict())
        return Reconciliation(lines, summary, dict(reads.requests))

    def write(self, job: JobRecord, reconciled: Reconciliation, rejected: list[dict]) -> str:
        stem = PurePosixPath(job.filename or "cartera").stem
        key = f"resultados/{PIPELINE}/{job.job_id}/resultado-{stem}-{job.job_id[:8]}.xlsx"
        handle, path = tempfile.mkstemp(prefix="cartera-", suffix=".xlsx")
        os.close(handle)
        try:
            write_result(path, reconciled.lines, rejected, reconciled.summary.as_dict(), job.filename or "")
            self._storage.put_report_file(key, path, "application/vnd.openxmlformats-officedocument.spreadsheetml"
                                                     ".sheet")
        finally:
            os.remove(path)
        jobs.update(job.job_id, result_key=key)
        return key

    def notify(self, job_id: str) -> dict:
        job = jobs.get(job_id)
        to = self._recipient(job)
        if to:
            link = self._storage.download_link(job.result_key, PurePosixPath(job.result_key).name,
                                               RESULT_LINK_HOURS * 3600)
            self._mailer.send(emails.finished(to=to[0], name=to[1], request_id=job_id, filename=job.filename,
                                              summary=job.summary.as_dict(), link=link,
                                              link_hours=RESULT_LINK_HOURS, portal_url=self._portal_url))
        jobs.update(job_id, status=Status.DONE, finished_at=self._now().isoformat(timespec="seconds"))
        return {"status": Status.DONE}

    def fail(self, job_id: str, error: dict | str | None) -> dict:
        job = jobs.get(job_id)
        failure, reason = failures.describe(error, (FileRejected.__name__,), failures.INTERNAL_FOR_PROVIDERS)
        refused = failure == failures.REFUSED
        if not jobs.transition(job_id, expected=(*Status.RUNNING, Status.WAITING_FILE), status=Status.FAILED,
                               error=reason, failure=failure, finished_at=self._now().isoformat(timespec="seconds")):
            return {"status": jobs.get(job_id).status, "refused": refused}
        self._give_back(job, self._now())
        to = self._recipient(job)
        if to:
            self._mailer.send(emails.failed(to=to[0], name=to[1], request_id=job_id, filename=job.filename,
                                            reason=reason))
        return {"status": Status.FAILED, "refused": refused}

    def execution_stopped(self, execution_name: str, status: str) -> dict:
        """An execution TIMED_OUT or ABORTED ends without its Catch: close its request the same way."""
        job_id = execution_name.removeprefix(f"{PIPELINE}-")
        return self.fail(job_id, failures.stopped(status))
