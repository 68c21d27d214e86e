"""Consulta de cartera (seed 002 §6), the cartera channel of the upload pipeline (chalicelib/uploads/pipeline.py):
request → upload → Step Functions → receipt email, validate, reconcile, result file, result email.

A request is a job registered before its file exists: the quota slot is taken then (one conditional
UpdateItem), and the answer is a presigned POST for a key the server chose (`cargas/cartera/<job>.xlsx`).
Tasks pass the job id only; the rows stay inside the one task that validates, reconciles and writes them.

Quota fairness (docs/cartera.md): a request whose file never arrives gives its slot back once its form
has expired; a file refused as a whole, or a failure of ours, gives it back too. Row errors do not: the
valid rows were reconciled. At most DAILY_CEILING requests a day are registered even with slots given back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Protocol

from chalicelib.cartera import emails
from chalicelib.cartera.reconcile import Summary, reconcile_file
from chalicelib.cartera.result_file import write_result
from chalicelib.cartera.validation import Validated, validate_file
from chalicelib.common.errors import TooManyRequests
from chalicelib.eps.states import invoice_key
from chalicelib.jobs.channels import CARTERA
from chalicelib.jobs.types import Job
from chalicelib.notifications.mailer import Email
from chalicelib.uploads.pipeline import Registered, Task, UploadKit, UploadProcessor
from chalicelib.uploads.policies import DailyQuotaPolicy, provider_of
from chalicelib.uploads.quota import QuotaExceeded
from chalicelib.uploads.requests import ABANDON_GRACE_SECONDS, RECEIVED, WAITING_FILE

__all__ = ["ABANDON_GRACE_SECONDS", "CarteraProcessor", "Registered"]

PIPELINE = CARTERA
PREFIX = "cargas/cartera/"
DAILY_LIMIT, DAILY_CEILING = 3, 10  # slots a day; requests a day, slots given back included
MAX_FILE_BYTES = 20 * 1024 * 1024  # 50,000 rows of the template take ~2 MB; room for heavy formatting
UPLOAD_SECONDS = 900  # the upload form's life
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
    ABANDONED = EXPIRED
    TERMINAL = (DONE, FAILED, EXPIRED)
    RUNNING = (RECEIVED, VALIDATING, RECONCILING, WRITING)


PROGRESS = {Status.WAITING_FILE: 0, Status.RECEIVED: 5, Status.VALIDATING: 15, Status.RECONCILING: 40,
            Status.WRITING: 80, Status.DONE: 100, Status.FAILED: 100, Status.EXPIRED: 100}


class InvoiceReads(Protocol):
    """The EPS's view of the provider's invoices (chalicelib/cartera/eps_reads.EpsReads), its requests counted."""

    requests: Mapping[str, int]

    def invoices(self, provider_id: str, keys: list[str]) -> dict: ...


@dataclass(frozen=True, slots=True)
class Reconciliation:
    lines: list[list]  # rows of the result's Conciliación sheet (reconcile.reconciled_line), in file order
    summary: Summary
    requests: dict[str, int]  # DynamoDB requests by operation


def quota_exceeded(exc: QuotaExceeded, seconds_left: float) -> TooManyRequests:
    return TooManyRequests(
        f"Ya registró las {exc.limit} consultas de cartera permitidas hoy. Podrá registrar otra desde las "
        f"00:00 del {exc.resets_at:%d/%m/%Y} (hora de Colombia)",
        code="CUPO_DIARIO_AGOTADO", retry_after_seconds=int(seconds_left) + 1)


class CarteraProcessor(UploadProcessor):
    """The cartera channel's processor: receipt → process (validate, reconcile, write) → notify."""

    channel = PIPELINE
    Status = Status
    abandoned_error = "El archivo no se cargó a tiempo; la solicitud no cuenta en el cupo del día"
    not_found = ("La solicitud de cartera no existe", "SOLICITUD_NO_EXISTE")
    bulk_tasks = frozenset({"process"})

    def __init__(self, kit: UploadKit, policy: DailyQuotaPolicy, eps_reads: Callable[[], InvoiceReads],
                 portal_url: str):
        super().__init__(kit, policy, portal_url)
        self._eps_reads = eps_reads  # a fresh reader per run: its request counts are the run's

    @property
    def tasks(self) -> Mapping[str, Task]:
        return {"receipt": self.receipt, "process": self.process, "notify": self.notify}

    def receipt(self, job: Job) -> dict:
        received_at = self._kit.now().strftime("%d/%m/%Y %H:%M")
        self._kit.email(job, lambda to, name: emails.received(to=to, name=name, request_id=job.job_id,
                                                              filename=job.filename, received_at=received_at))
        return {"job_id": job.job_id}

    def process(self, job: Job) -> dict:
        """Validate, reconcile and write, one after the other in this task: they are one computation from the
        uploaded file to the result file, and handing 50,000 rows between tasks through S3 cost a quarter of it
        (docs/benchmarks.md). The job's status follows each step."""
        checked = self.validate(job)
        reconciled = self.reconcile(job, checked)
        result_key = self.write(job, reconciled, checked.rejected)
        return {"rows": checked.total, "requests": reconciled.requests, "result_key": result_key}

    def validate(self, job: Job) -> Validated:
        self._jobs.update(job.job_id, status=Status.VALIDATING)
        checked = self._kit.read_upload(job, lambda path: validate_file(path, job.source_key))
        self._jobs.update(job.job_id, status=Status.RECONCILING, total_rows=checked.total,
                          accepted_rows=len(checked.valid), rejected_rows=len(checked.rejected))
        return checked

    def reconcile(self, job: Job, checked: Validated) -> Reconciliation:
        reads = self._eps_reads()
        keys = [invoice_key(row["prefijo"], row["sufijo"]) for _, row in checked.valid]
        view = reads.invoices(provider_of(job), keys)
        lines, summary = reconcile_file(checked.valid, view, rejected=len(checked.rejected), keys=keys)
        self._jobs.update(job.job_id, status=Status.WRITING, progress_rows=len(lines), summary=summary.as_dict())
        return Reconciliation(lines, summary, dict(reads.requests))

    def write(self, job: Job, reconciled: Reconciliation, rejected: list[dict]) -> str:
        stem = PurePosixPath(job.filename or "cartera").stem
        key = self._kit.requests.result_key(job.job_id, f"resultado-{stem}-{job.job_id[:8]}.xlsx")
        self._kit.put_result(key, lambda path: write_result(path, reconciled.lines, rejected,
                                                            reconciled.summary.as_dict(), job.filename or ""))
        self._jobs.update(job.job_id, result_key=key)
        return key

    def notify(self, job: Job) -> dict:
        def finished(to: str, name: str) -> Email:
            link = self._kit.storage.download_link(job.result_key, PurePosixPath(job.result_key).name,
                                                   RESULT_LINK_HOURS * 3600)
            return emails.finished(to=to, name=name, request_id=job.job_id, filename=job.filename,
                                   summary=job.summary or {}, link=link, link_hours=RESULT_LINK_HOURS,
                                   portal_url=self._portal_url)

        self._kit.email(job, finished)
        self._jobs.update(job.job_id, status=Status.DONE, finished_at=self._kit.now().isoformat(timespec="seconds"))
        return {"status": Status.DONE}

    def failed_email(self, job: Job, to: str, name: str, reason: str) -> Email:
        return emails.failed(to=to, name=name, request_id=job.job_id, filename=job.filename, reason=reason)
