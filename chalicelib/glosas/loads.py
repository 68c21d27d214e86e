"""Cargue respuesta de glosas (seed 002 §8.4), the glosas channel of the upload pipeline
(chalicelib/uploads/pipeline.py): request → upload → Step Functions → validate, record, result file, email.

**One load at a time per provider** (the seed blocks only while a load is running): the channel's policy is
`OneAtATime` (chalicelib/uploads/policies.py), a lease `glosas#<provider>` taken by the load's job when its file
arrives (the S3 event), renewed by each task, released when the load ends on any path (finished, failed,
execution stopped). Asking for the upload form takes nothing: a form no file ever reaches blocks no one. A
request while a load runs gets the seed's message; a file that arrives while another load runs is refused with
it (the job ends FALLIDO with that reason, and the uploader is emailed). A crashed run blocks its provider for
at most the lease's life.

**Idempotent tasks.** Each answer records the load's process number; a retried task recognises its own
answers (they are not "already answered") and writes the same items again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath

from chalicelib.common.clock import BOGOTA
from chalicelib.common.errors import Conflict
from chalicelib.common.files import XLSX_CONTENT_TYPE
from chalicelib.glosas import emails, response_file
from chalicelib.glosas.detail_view import GlosaDetailViews
from chalicelib.glosas.matching import judge, read_stored
from chalicelib.glosas.repository import GlosaRepository
from chalicelib.glosas.responses import LATE, NO_ANSWER, RECORDED
from chalicelib.jobs.channels import GLOSA_RESPONSES
from chalicelib.jobs.types import Job
from chalicelib.notifications.mailer import MAX_ATTACHMENT_BYTES, Attachment, Email
from chalicelib.uploads.pipeline import Registered, Task, UploadKit, UploadProcessor
from chalicelib.uploads.policies import OneAtATime, TurnLost, provider_of
from chalicelib.uploads.ports import Sequences
from chalicelib.uploads.requests import RECEIVED, WAITING_FILE

__all__ = ["GlosaResponseProcessor", "Registered", "TurnLost"]

PIPELINE = GLOSA_RESPONSES
MAX_FILE_BYTES = 30 * 1024 * 1024  # 50,000 rows of the 50-column file take ~13 MB
UPLOAD_SECONDS = 900
LEASE_SECONDS = 1200  # renewed by every task; longer than any task's timeout (statemachines/glosas.asl.json)
RESULT_LINK_HOURS = 72
BUSY = "En este momento existe en proceso la carga de otro archivo, por favor intente más tarde"
SUCCESS, WITH_ERROR = "Ejecutado Exitosamente", "Ejecutado con Error"


class Status:
    WAITING_FILE = WAITING_FILE
    RECEIVED = RECEIVED
    VALIDATING = "VALIDANDO"
    RECORDING = "REGISTRANDO"
    WRITING = "GENERANDO_RESULTADO"
    DONE = "FINALIZADO"
    FAILED = "FALLIDO"
    CANCELLED = "ANULADA"  # its form expired without a file
    ABANDONED = CANCELLED
    RUNNING = (RECEIVED, VALIDATING, RECORDING, WRITING)
    TERMINAL = (DONE, FAILED, CANCELLED)


PROGRESS = {Status.WAITING_FILE: 0, Status.RECEIVED: 5, Status.VALIDATING: 15, Status.RECORDING: 45,
            Status.WRITING: 80, Status.DONE: 100, Status.FAILED: 100, Status.CANCELLED: 100}


def lock_key(provider_id: str) -> str:
    return f"{PIPELINE}#{provider_id}"


def busy() -> Conflict:
    return Conflict(BUSY, code="CARGA_EN_PROCESO")


def turn_policy(leases, jobs, now) -> OneAtATime:
    """The provider's turn (lock_key): one running load at a time."""
    return OneAtATime(channel=PIPELINE, leases=leases, jobs=jobs, now=now, seconds=LEASE_SECONDS,
                      running=Status.RUNNING, busy=busy)


class GlosaResponseProcessor(UploadProcessor):
    """The glosas channel's processor: process (validate, apply, write) → notify, each task holding the turn."""

    channel = PIPELINE
    Status = Status
    abandoned_error = "El archivo no se cargó a tiempo"
    not_found = ("La carga de respuestas no existe", "CARGA_NO_EXISTE")
    bulk_tasks = frozenset({"process", "notify"})  # tens of thousands of rows built at once

    def __init__(self, kit: UploadKit, policy: OneAtATime, sequences: Sequences, repository: GlosaRepository,
                 portal_url: str, views: GlosaDetailViews | None = None):
        super().__init__(kit, policy, portal_url)
        self._requests = kit.requests
        self._sequences = sequences
        self._glosas = repository
        self._views = views  # the providers' stored details views; None: the tables are read

    @property
    def tasks(self) -> Mapping[str, Task]:
        return {"process": self.process, "notify": self.notify}

    def on_arrival(self, job: Job) -> None:
        """The load's «Nro proceso», given once (a retry keeps it)."""
        if not job.process_number:
            self._jobs.set_once(job.job_id, "process_number", lambda: self._sequences.next_number(PIPELINE))

    def process(self, job: Job) -> dict:
        """Validate, apply and write, one after the other in this task: they are one computation from the uploaded
        file to the result file, and handing 50,000 rows and their cells between tasks through S3 as JSON cost a
        tenth of it (docs/benchmarks.md). The job's status follows each step; a retried task does it all again
        (its own answers are not "already answered")."""
        self.policy.hold(job)
        rows, cells = self.validate(job)
        results, recorded = self.apply(job, rows)
        key, size = self.write(job, cells, results)
        return {"rows": len(rows), "recorded": recorded, "result_key": key, "bytes": size}

    def validate(self, job: Job) -> tuple[list[response_file.ParsedRow], list[tuple[int, tuple]]]:
        self._jobs.update(job.job_id, status=Status.VALIDATING)
        rows, cells = self._kit.read_upload(job, lambda path: response_file.parse(path, job.filename or job.source_key))
        self._jobs.update(job.job_id, status=Status.RECORDING, total_rows=len(rows))
        return rows, cells

    def apply(self, job: Job, rows: list[response_file.ParsedRow]) -> tuple[dict[int, str], int]:
        """The rows matched to the provider's details and judged; the answers recorded. Each row's result by line,
        and how many answers were recorded."""
        job_id, provider_id = job.job_id, provider_of(job)
        stored = read_stored(self._glosas, self._views, provider_id, {r.conciliacion for r in rows if not r.error},
                             int(job.process_number or 0))
        outcomes = judge(rows, stored, provider_id.split("#")[-1], self._kit.now().astimezone(BOGOTA).date())
        recorded = [o.answer for o in outcomes if o.answer is not None]
        self._glosas.record_answers(provider_id, recorded, int(job.process_number or 0))
        results = {o.line: o.result for o in outcomes}
        summary = load_summary(results.values())
        self._jobs.update(job_id, status=Status.WRITING, accepted_rows=summary["registradas"],
                          rejected_rows=summary["rechazadas"], progress_rows=len(outcomes), summary=summary)
        return results, len(recorded)

    def write(self, job: Job, cells: list[tuple[int, tuple]], results: Mapping[int, str]) -> tuple[str, int]:
        key = self._requests.result_key(job.job_id, f"resultado-{PurePosixPath(job.filename or 'glosas').stem}.xlsx")
        size = self._kit.put_result(key, lambda path: response_file.write_result(path, cells, results))
        self._jobs.update(job.job_id, result_key=key, report_key=key)
        return key, size

    def notify(self, job: Job) -> dict:
        if self._jobs.transition(job.job_id, expected=Status.RUNNING, status=Status.DONE,
                                 finished_at=self._kit.stamp()):
            job = self._jobs.get(job.job_id)
        self.policy.release(job)
        self._kit.email(job, lambda to, name: self._result_email(job, to, name))
        return {"status": job.status}

    def _result_email(self, job: Job, to: str, name: str) -> Email:
        summary = job.summary or {}
        body = self._kit.storage.read_bytes(job.result_key, limit=MAX_ATTACHMENT_BYTES)
        filename = PurePosixPath(job.result_key).name
        attachment = Attachment(filename, XLSX_CONTENT_TYPE, body) if body is not None else None
        link = None if attachment else self._kit.storage.download_link(job.result_key, filename,
                                                                        RESULT_LINK_HOURS * 3600)
        return emails.finished(to=to, name=name, process=int(job.process_number or 0),
                               state=summary["resultado"], filename=job.filename or "",
                               started=job.received_at or job.started_at, finished=job.finished_at or "",
                               summary=summary, attachment=attachment, link=link, link_hours=RESULT_LINK_HOURS,
                               portal_url=self._portal_url)

    def failed_email(self, job: Job, to: str, name: str, reason: str) -> Email:
        return emails.failed(to=to, name=name, process=int(job.process_number or 0), filename=job.filename or "",
                             started=job.received_at or job.started_at, finished=job.finished_at or "",
                             reason=reason)


def load_summary(results: Iterable[str]) -> dict:
    counts = {"filas": 0, "registradas": 0, "tardias": 0, "rechazadas": 0, "sin_respuesta": 0}
    for result in results:
        counts["filas"] += 1
        if result in (RECORDED, LATE):
            counts["registradas"] += 1
            counts["tardias"] += result == LATE
        elif result == NO_ANSWER:
            counts["sin_respuesta"] += 1
        else:
            counts["rechazadas"] += 1
    counts["resultado"] = SUCCESS if counts["registradas"] and not counts["rechazadas"] else WITH_ERROR
    return counts
