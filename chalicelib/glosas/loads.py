"""Cargue respuesta de glosas (seed 002 §8.4): request → upload → Step Functions → validate, record, result
file, email.

**One load at a time per provider** (the seed blocks only while a load is running). The turn is a lease
(`glosas#<provider>`, chalicelib/jobs/leases.py) taken by the load's job when its file arrives (the S3
event), renewed by each task, released when the load ends on any path (finished, failed, execution
stopped). Asking for the upload form takes nothing: a form no file ever reaches blocks no one. A request
while a load runs gets the seed's message; a file that arrives while another load runs is refused with it
(the job ends FALLIDO with that reason, and the uploader is emailed). A repeated S3 event of a file finds
its job already received and neither starts a second run nor releases the running one's turn. A crashed
run blocks its provider for at most the lease's life.

**Idempotent tasks.** Each answer records the load's process number; a retried task recognises its own
answers (they are not "already answered") and writes the same items again.
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import PurePosixPath

from chalicelib.accounts.permissions import Principal
from chalicelib.common import clock
from chalicelib.common.clock import BOGOTA
from chalicelib.common.errors import Conflict, NotFound
from chalicelib.common.files import XLSX_CONTENT_TYPE
from chalicelib.common.pagination import Page
from chalicelib.glosas import emails, response_file
from chalicelib.glosas.repository import GlosaRepository
from chalicelib.glosas.responses import LATE, NO_ANSWER, RECORDED, ResponseRow, StoredDetail, evaluate
from chalicelib.ingest.storage import S3Storage
from chalicelib.jobs import attempts, failures, leases, sequences
from chalicelib.jobs import repository as jobs
from chalicelib.jobs.channels import GLOSA_RESPONSES, WrongChannel
from chalicelib.jobs.models import JobRecord
from chalicelib.notifications.mailer import MAX_ATTACHMENT_BYTES, Attachment, Mailer
from chalicelib.spreadsheets import FileRejected
from chalicelib.uploads.objects import UploadedObject
from chalicelib.uploads.presigned import PresignedUploads, UploadForm
from chalicelib.uploads.requests import RECEIVED, WAITING_FILE, UploadRequests

PIPELINE = GLOSA_RESPONSES
MAX_FILE_BYTES = 30 * 1024 * 1024  # 50,000 rows of the 50-column file take ~13 MB
UPLOAD_SECONDS = 900
ABANDON_GRACE_SECONDS = 600  # an upload started just before the form expired may still be arriving
LEASE_SECONDS = 1200  # renewed by every task; longer than any task's timeout (statemachines/glosas.asl.json)
RESULT_LINK_HOURS = 72
BUSY = "En este momento existe en proceso la carga de otro archivo, por favor intente más tarde"
SUCCESS, WITH_ERROR = "Ejecutado Exitosamente", "Ejecutado con Error"


class TurnLost(Exception):
    """A run stalled past its lease and another load took the turn: our failure (retryable), not the file's."""


class Status:
    WAITING_FILE = WAITING_FILE
    RECEIVED = RECEIVED
    VALIDATING = "VALIDANDO"
    RECORDING = "REGISTRANDO"
    WRITING = "GENERANDO_RESULTADO"
    DONE = "FINALIZADO"
    FAILED = "FALLIDO"
    CANCELLED = "ANULADA"  # its form expired without a file
    RUNNING = (RECEIVED, VALIDATING, RECORDING, WRITING)
    TERMINAL = (DONE, FAILED, CANCELLED)


PROGRESS = {Status.WAITING_FILE: 0, Status.RECEIVED: 5, Status.VALIDATING: 15, Status.RECORDING: 45,
            Status.WRITING: 80, Status.DONE: 100, Status.FAILED: 100, Status.CANCELLED: 100}


@dataclass(frozen=True, slots=True)
class Registered:
    job: JobRecord
    form: UploadForm


def lock_key(provider_id: str) -> str:
    return f"{PIPELINE}#{provider_id}"


class GlosaResponseLoads:
    def __init__(self, storage: S3Storage, uploads: PresignedUploads, executions, state_machine_arn: str,
                 mailer: Mailer, repository: GlosaRepository, portal_url: str,
                 now: Callable[[], datetime] = clock.now):
        self._storage = storage
        self._requests = UploadRequests(PIPELINE, storage, uploads, executions, state_machine_arn,
                                        max_bytes=MAX_FILE_BYTES, upload_seconds=UPLOAD_SECONDS,
                                        now=lambda: self._now())
        self._mailer = mailer
        self._glosas = repository
        self._portal_url = portal_url
        self._now = now

    # --- requests (API) ------------------------------------------------------------------------------
    def register(self, principal: Principal, filename: str) -> Registered:
        """The form for a new file: refused with the seed's message only while a load of the provider runs."""
        if self._running(principal.provider_id):
            raise Conflict(BUSY, code="CARGA_EN_PROCESO")
        self._requests.expire_abandoned(principal.provider_id, grace_seconds=ABANDON_GRACE_SECONDS,
                                        status=Status.CANCELLED, error="El archivo no se cargó a tiempo")
        job, form = self._requests.create(principal, filename, job_id=secrets.token_hex(16))
        return Registered(job, form)

    def _running(self, provider_id: str) -> bool:
        holder = _job_or_none(leases.holder_of(lock_key(provider_id), now=self._now().timestamp()))
        return holder is not None and holder.status in Status.RUNNING

    def loads_of(self, provider_id: str, *, limit: int, cursor: str | None) -> Page[JobRecord]:
        return self._requests.of_provider(provider_id, limit=limit, cursor=cursor)

    def load_of(self, provider_id: str, job_id: str) -> JobRecord:
        return self._requests.one_of_provider(provider_id, job_id, message="La carga de respuestas no existe",
                                              code="CARGA_NO_EXISTE")

    def result_link(self, job: JobRecord) -> str | None:
        return self._requests.link(job) if job.status == Status.DONE else None

    # --- S3 event ------------------------------------------------------------------------------------
    def on_upload(self, obj: UploadedObject) -> str | None:
        """The file arrived: take the provider's turn and start the load, or refuse it while another runs.
        None for a repeated, late or foreign event (its job is not waiting for this file)."""
        job = self._requests.receive(obj)
        if job is None:
            return None
        if too_large := self._requests.too_large(obj):
            return self._refuse(job.job_id, too_large)
        if not self._take_turn(job):
            return self._refuse(job.job_id, BUSY)
        if not job.process_number:
            jobs.set_once(job.job_id, "process_number", lambda: sequences.next_number(PIPELINE))
        self._requests.start(jobs.get(job.job_id, GLOSA_RESPONSES))
        return job.job_id

    def _take_turn(self, job: JobRecord) -> bool:
        """The provider's turn for this job (already its own: a repeated event, or a task renewing it)."""
        return leases.acquire(lock_key(UploadRequests.provider_of(job)), job.job_id, now=self._now().timestamp(),
                              seconds=LEASE_SECONDS).acquired

    # --- an operator's retry (chalicelib/operations/retries.py) ------------------------------------------
    @staticmethod
    def retry_refusal(job: JobRecord) -> Conflict | None:
        """Only a load that failed for a reason of ours (or was stopped) runs again: a refused file is the
        provider's to correct and upload again, and a request whose file never came has nothing to run."""
        if refusal := attempts.refusal(job):
            return refusal
        if not job.received_at:
            return Conflict("La carga no recibió su archivo: no hay nada que reintentar", code="JOB_NOT_RETRYABLE")
        if job.failure not in (failures.INTERNAL, failures.STOPPED):  # refused, or failed before kinds were kept
            return Conflict("El archivo fue rechazado por su contenido y el prestador ya fue informado; debe "
                            "corregirlo y cargarlo de nuevo desde el portal", code="JOB_NOT_RETRYABLE")
        return None

    def retry(self, job_id: str) -> JobRecord:
        """The same file, the same process number and the same provider and uploader, in this channel's own
        pipeline: it takes the provider's turn again (409 with the seed's message while another load runs)."""
        job = jobs.get(job_id, GLOSA_RESPONSES)
        if refusal := self.retry_refusal(job):
            raise refusal
        if not self._take_turn(job):
            raise Conflict(BUSY, code="CARGA_EN_PROCESO")
        try:
            job = attempts.restart(job)
        except Conflict:
            raise  # another retry moved the job first: the turn is its run's now
        except Exception:
            leases.release(lock_key(UploadRequests.provider_of(job)), job.job_id)
            raise
        try:
            self._requests.start(job)
        except Exception as exc:  # no run started: the job must not sit RECIBIDO holding the turn
            self.fail(job_id, {"Error": type(exc).__name__})
            raise
        return jobs.get(job_id)

    def _refuse(self, job_id: str, reason: str) -> str:
        self.fail(job_id, {"Error": FileRejected.__name__, "Cause": _cause(reason)})
        return job_id

    # --- Step Functions tasks --------------------------------------------------------------------------
    def _hold(self, job: JobRecord) -> None:
        """Renew the turn; a task that lost it (a run stalled past the lease) stops here."""
        if not self._take_turn(job):
            raise TurnLost(job.job_id)

    def validate(self, job_id: str) -> dict:
        job = jobs.get(job_id, GLOSA_RESPONSES)
        self._hold(job)
        jobs.update(job_id, status=Status.VALIDATING)
        path = self._storage.download(job.source_key, job.source_version)
        try:
            rows, cells = response_file.parse(path, job.filename or job.source_key)
        finally:
            os.remove(path)
        self._storage.put_chunk(self._requests.work_key(job_id, "filas.jsonl"), [asdict(r) for r in rows])
        self._storage.put_chunk(self._requests.work_key(job_id, "celdas.jsonl"), cells)
        jobs.update(job_id, status=Status.RECORDING, total_rows=len(rows))
        return {"rows": len(rows)}

    def apply(self, job_id: str) -> dict:
        job = jobs.get(job_id, GLOSA_RESPONSES)
        self._hold(job)
        provider_id = UploadRequests.provider_of(job)
        rows = [response_file.ParsedRow(**r) for r in
                self._storage.read_chunk(self._requests.work_key(job_id, "filas.jsonl"))]
        details, by_identity, answered = self._stored(provider_id, {r.conciliacion for r in rows if not r.error},
                                                      int(job.process_number or 0))
        nit = provider_id.split("#")[-1]
        outcomes = evaluate((_response_row(r, by_identity, nit) for r in rows), details, answered,
                            self._now().astimezone(BOGOTA).date())
        recorded = [o.answer for o in outcomes if o.answer is not None]
        self._glosas.record_answers(provider_id, recorded, int(job.process_number or 0))
        self._storage.put_chunk(self._requests.work_key(job_id, "resultados.jsonl"),
                                [{"fila": o.line, "resultado": o.result} for o in outcomes])
        summary = _summary(o.result for o in outcomes)
        jobs.update(job_id, status=Status.WRITING, accepted_rows=summary["registradas"],
                    rejected_rows=summary["rechazadas"], progress_rows=len(outcomes), summary=summary)
        return {"recorded": len(recorded)}

    def _stored(self, provider_id: str, conciliations: Iterable[str], process: int):
        details: dict[str, StoredDetail] = {}
        by_identity: dict[tuple[str, str, str], str] = {}
        answered: set[str] = set()  # by the EPS's extract, or by an earlier load in the portal
        for conciliation in sorted(conciliations):
            for d in self._glosas.matching_details(provider_id, conciliation):
                if d.answered_in_extract:
                    answered.add(d.detail_key)
                details[d.detail_key] = StoredDetail(d.detail_key, f"{conciliation}#{d.invoice_key}",
                                                     d.valor_glosa_aplicada,
                                                     date.fromisoformat(d.fecha_notificacion_glosa))
                identity = (conciliation, d.numero_factura.strip().upper(), d.consecutivo_detalle.lstrip("0") or "0")
                by_identity[identity] = d.detail_key
            answered.update(key for key, number in self._glosas.answered_details(provider_id, conciliation)
                            if number != process)  # this load's own answers: a retry
        return details, by_identity, answered

    def write(self, job_id: str) -> dict:
        job = jobs.get(job_id, GLOSA_RESPONSES)
        self._hold(job)
        results = {r["fila"]: r["resultado"] for r in
                   self._storage.read_chunk(self._requests.work_key(job_id, "resultados.jsonl"))}
        cells = self._storage.read_chunk(self._requests.work_key(job_id, "celdas.jsonl"))
        handle, path = tempfile.mkstemp(prefix="glosas-", suffix=".xlsx")
        os.close(handle)
        try:
            response_file.write_result(path, cells, results)
            key = self._requests.result_key(job_id, f"resultado-{PurePosixPath(job.filename or 'glosas').stem}.xlsx")
            self._storage.put_report_file(key, path, XLSX_CONTENT_TYPE)
            size = os.path.getsize(path)
        finally:
            os.remove(path)
        jobs.update(job_id, result_key=key, report_key=key)
        return {"result_key": key, "bytes": size}

    def notify(self, job_id: str) -> dict:
        job = jobs.get(job_id, GLOSA_RESPONSES)
        finished = self._stamp()
        if jobs.transition(job_id, expected=Status.RUNNING, status=Status.DONE, finished_at=finished):
            job = jobs.get(job_id)
        leases.release(lock_key(UploadRequests.provider_of(job)), job_id)
        to = self._requests.recipient(job)
        if to:
            self._mailer.send(self._result_email(job, to))
        return {"status": job.status}

    def _result_email(self, job: JobRecord, to: tuple[str, str]):
        summary = job.summary.as_dict()
        body = self._storage.read_bytes(job.result_key, limit=MAX_ATTACHMENT_BYTES)
        name = PurePosixPath(job.result_key).name
        attachment = Attachment(name, XLSX_CONTENT_TYPE, body) if body is not None else None
        link = None if attachment else self._storage.download_link(job.result_key, name, RESULT_LINK_HOURS * 3600)
        return emails.finished(to=to[0], name=to[1], process=int(job.process_number or 0),
                               state=summary["resultado"], filename=job.filename or "",
                               started=job.received_at or job.started_at, finished=job.finished_at or "",
                               summary=summary, attachment=attachment, link=link, link_hours=RESULT_LINK_HOURS,
                               portal_url=self._portal_url)

    def fail(self, job_id: str, error: dict | str | None) -> dict:
        try:
            job = jobs.get(job_id, GLOSA_RESPONSES)
        except WrongChannel:
            return {"status": None, "refused": False}
        failure, reason = failures.describe(error, (FileRejected.__name__,), failures.INTERNAL_FOR_PROVIDERS)
        refused = failure == failures.REFUSED
        moved = jobs.transition(job_id, expected=(*Status.RUNNING, Status.WAITING_FILE), status=Status.FAILED,
                                error=reason, failure=failure, finished_at=self._stamp())
        leases.release(lock_key(UploadRequests.provider_of(job)), job_id)
        if not moved:
            return {"status": jobs.get(job_id).status, "refused": refused}
        job = jobs.get(job_id)
        to = self._requests.recipient(job)
        if to:
            self._mailer.send(emails.failed(to=to[0], name=to[1], process=int(job.process_number or 0),
                                            filename=job.filename or "", started=job.received_at or job.started_at,
                                            finished=job.finished_at or "", reason=reason))
        return {"status": Status.FAILED, "refused": refused}

    def execution_stopped(self, execution_name: str, status: str) -> dict:
        """An execution TIMED_OUT or ABORTED ends without its Catch: end its load (and free the turn). An
        event of an earlier attempt (a late one, after a retry started the next) changes nothing."""
        try:
            job = jobs.get(attempts.job_of_execution(PIPELINE, execution_name), GLOSA_RESPONSES)
        except WrongChannel:
            return {"status": None, "refused": False}
        if job.execution_name != execution_name or job.status in Status.TERMINAL:
            return {"status": job.status, "refused": False}
        return self.fail(job.job_id, failures.stopped(status))

    def _stamp(self) -> str:
        return self._now().astimezone(BOGOTA).isoformat(timespec="seconds")


def _job_or_none(job_id: str | None) -> JobRecord | None:
    try:
        return jobs.get(job_id) if job_id else None
    except NotFound:  # a request between taking the turn and creating its job
        return None


def _cause(message: str) -> str:
    return json.dumps({"errorType": FileRejected.__name__, "errorMessage": message})


def _response_row(row: response_file.ParsedRow, by_identity: dict, nit: str) -> ResponseRow:
    key = by_identity.get((row.conciliacion, row.factura, row.detalle), "") if row.nit in (nit, None) else ""
    return ResponseRow(row.fila, key or f"?{row.fila}", row.aceptado, row.sustentado, row.nota_credito,
                       row.observaciones, row.error)


def _summary(results: Iterable[str]) -> dict:
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
