"""The EPS data ingestion pipeline: S3 upload → Step Functions → validate, take the entity's slot, write,
derive, finish.

Each function here is one Lambda task of statemachines/ingest.asl.json. Payloads carry the job id and
S3 keys only (Step Functions limits them to 256 KB); rows travel through S3 as JSON-lines chunks.

Every upload is a job (identity: the object's version, else the event's sequencer), and loads of one
entity write one at a time in upload order: a later upload's rows always win. A job whose upload is
older than a load that already took the entity's slot is refused rather than overwrite newer data.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Protocol

from chalicelib.common import clock
from chalicelib.common.errors import Conflict
from chalicelib.ingest import service
from chalicelib.ingest.derive import DeriveResult
from chalicelib.ingest.schema import TypedRow
from chalicelib.ingest.schemas import SCHEMAS
from chalicelib.ingest.storage import S3Storage
from chalicelib.ingest.validation import ExistingProviders
from chalicelib.jobs import attempts, failures
from chalicelib.jobs.channels import INGEST, WrongChannel
from chalicelib.jobs.executions import ExecutionAlreadyStarted
from chalicelib.jobs.leases import LeaseTable
from chalicelib.jobs.repository import JobAlreadyExists, JobRepository
from chalicelib.jobs.sequences import SequenceTable
from chalicelib.jobs.types import Job
from chalicelib.spreadsheets import FileRejected, SheetLimits, read_rows
from chalicelib.uploads.objects import UploadedObject, job_id_for

PIPELINE = INGEST
PREFIX = "ingest/"
CHUNK_ROWS = 5_000
SUPPORTED_SUFFIXES = (".csv", ".xlsx")
MAX_FILE_BYTES = 300 * 1024 * 1024  # far above 1M rows of any entity; Lambda's /tmp holds 512 MB by default
# EPS extracts are large: up to a million CSV rows; an XLSX is bounded by its used area (max_cells).
INGEST_LIMITS = SheetLimits(max_rows=1_000_000)
HEADER_ONLY = ("El archivo solo tiene el encabezado: no tiene filas de datos y no se cargó nada. Revise que sea el "
               "extracto correcto y súbalo de nuevo")
SLOT_LEASE_SECONDS = 900  # renewed by every task of the holder; a crashed holder blocks others this long
MAX_RUN_SECONDS = 7200  # the state machine's TimeoutSeconds: older unfinished jobs past it are dead


class Status:
    RECEIVED = "RECIBIDO"
    VALIDATING = "VALIDANDO"
    WAITING = "EN_ESPERA"  # validated; an earlier upload of the same entity is still loading
    WRITING = "CARGANDO"
    DERIVING = "CALCULANDO"
    DONE = "FINALIZADO"
    DONE_WITH_REJECTIONS = "FINALIZADO_CON_RECHAZOS"
    FAILED = "FALLIDO"
    TERMINAL = (DONE, DONE_WITH_REJECTIONS, FAILED)


def slot_key(entity: str) -> str:
    return f"{PIPELINE}#{entity}"


class LoadSuperseded(Exception):
    """An older upload reached the entity's slot after a newer one; the message is for the operator."""


def entity_of(key: str) -> str | None:
    parts = PurePosixPath(key).parts
    return parts[1] if len(parts) >= 3 and parts[0] + "/" == PREFIX else None


class EntityTables(Protocol):
    """Where an entity's valid rows go (chalicelib/ingest/service.py: the owner repositories of its tables)."""

    def write(self, entity: str, records: Iterable[TypedRow]) -> int: ...

    def derive(self, entity: str, records: Iterable[TypedRow]) -> DeriveResult: ...


class IngestPipeline:
    def __init__(self, storage: S3Storage, executions, state_machine_arn: str, *, jobs: JobRepository,
                 leases: LeaseTable, sequences: SequenceTable, tables: EntityTables, providers: ExistingProviders,
                 slot_poll_seconds: int = 10):
        self._storage = storage
        self._tables = tables
        self._providers = providers
        self._jobs = jobs
        self._leases = leases
        self._sequences = sequences
        self._executions = executions
        self._state_machine_arn = state_machine_arn
        self._slot_poll_seconds = slot_poll_seconds

    # --- S3 event ------------------------------------------------------------------------------
    def on_upload(self, obj: UploadedObject) -> str | None:
        """Record the job and start its execution; None when this object already has one."""
        job_id = job_id_for(obj)
        entity = entity_of(obj.key) or ""
        started = clock.now()
        started_at, upload_order = started.isoformat(timespec="seconds"), self._arrival(entity)
        problem = self._problem_with(obj, entity) or self._superseded_on_arrival(obj)
        # Refused on arrival: recorded already ended, so it neither runs nor blocks the entity's later loads.
        outcome = dict(status=Status.FAILED, error=problem, finished_at=started_at,
                       failure=failures.REFUSED) if problem else dict(status=Status.RECEIVED)
        job = Job(job_id, pipeline=PIPELINE, channel=INGEST, started_key=f"{started.isoformat()}#{job_id}",
                  entity=entity, bucket=obj.bucket, source_key=obj.key, source_version=obj.version,
                  source_size=obj.size, upload_order=upload_order, execution_name=f"{PIPELINE}-{job_id}",
                  started_at=started_at, **outcome)
        try:
            self._jobs.create(job)
        except JobAlreadyExists:
            existing = self._jobs.get(job_id, INGEST)
            # A delivery whose StartExecution failed is retried by S3/Lambda: finish what it began.
            if existing.status == Status.RECEIVED and not existing.execution_arn:
                self._start(existing)
                return job_id
            return None
        if problem:
            return job_id
        self._start(job)
        return job_id

    def _arrival(self, entity: str) -> str:
        """The upload's place among the entity's loads: a number the server takes when the upload's event arrives
        (S3's sequencers order the events of one key only, never two files). Zero-padded, so text order is number
        order; a repeated delivery spends a number but starts nothing."""
        return f"{self._sequences.next_number(f'{PIPELINE}#{entity}'):015d}"

    @staticmethod
    def retry_refusal(job: Job) -> Conflict | None:
        """Why an operator cannot re-run this EPS load; None when it can (its own channel only)."""
        if job.entity not in SCHEMAS:
            return Conflict("Solo se puede reintentar un proceso de una entidad conocida: cargue el archivo en la "
                            "carpeta ingest/<entidad>/ que le corresponde", code="JOB_NOT_RETRYABLE")
        if job.failure == failures.REFUSED and not job.execution_arn:  # refused on arrival (size, format, empty)
            return Conflict("El archivo fue rechazado al llegar (" + (job.error or "formato o tamaño") + "); "
                            "cárguelo de nuevo corregido", code="JOB_NOT_RETRYABLE")
        return attempts.refusal(job)

    def retry(self, job_id: str) -> Job:
        """Run a FALLIDO EPS load again (same file, next attempt); its rows are written by key, so nothing
        doubles. A job of another channel is not an EPS load: WrongChannel."""
        job = self._jobs.get(job_id, INGEST)
        if refusal := self.retry_refusal(job):
            raise refusal
        job = attempts.restart(job, self._jobs)
        try:
            self._start(job)
        except Exception as exc:  # no run started: the job must not sit RECIBIDO, blocking later loads
            self.fail(job_id, {"Error": type(exc).__name__})
            raise
        return self._jobs.get(job_id)

    def _start(self, job: Job) -> None:
        payload = json.dumps({"job_id": job.job_id, "slot_poll_seconds": self._slot_poll_seconds})
        try:
            arn = self._executions.start(self._state_machine_arn, job.execution_name, payload)
        except ExecutionAlreadyStarted:
            arn = self._executions.arn_of(self._state_machine_arn, job.execution_name)
        self._jobs.update(job.job_id, execution_arn=arn)

    def _superseded_on_arrival(self, obj: UploadedObject) -> str | None:
        """Loads are ordered by their events' arrival, but one key's events carry an order of their own (the
        sequencer): an older version of a file whose event arrives after a newer version's is refused, never loaded
        over the newer rows."""
        if not obj.sequencer or self._sequences.advance(f"{PIPELINE}-key#{obj.key}", obj.sequencer_mark):
            return None
        return (f"Ya se recibió una versión más reciente de {obj.key}: esta versión, más antigua, no se cargó para no "
                "reemplazar datos más nuevos. Si es la que debe quedar, súbala de nuevo")

    @staticmethod
    def _problem_with(obj: UploadedObject, entity: str) -> str | None:
        if entity not in SCHEMAS:
            known = ", ".join(SCHEMAS)
            return f"La carpeta ingest/{entity or '?'}/ no corresponde a ninguna entidad. Entidades: {known}"
        if not obj.key.lower().endswith(SUPPORTED_SUFFIXES):
            return "Formato no soportado: use un archivo .csv (UTF-8) o .xlsx"
        if obj.size > MAX_FILE_BYTES:
            return f"El archivo supera el máximo de {MAX_FILE_BYTES // (1024 * 1024)} MB: divídalo en varios"
        if obj.size == 0:
            return "El archivo está vacío"
        return None

    # --- Step Functions tasks ----------------------------------------------------------------------
    def validate(self, job_id: str) -> dict:
        job = self._jobs.get(job_id, INGEST)
        self._jobs.update(job_id, status=Status.VALIDATING)
        chunk_keys: list[str] = []

        def sink(records: list) -> None:
            key = f"work/{job_id}/chunk-{len(chunk_keys):05d}.jsonl"
            self._storage.put_chunk(key, records)
            chunk_keys.append(key)

        columns = service.columns_of(job.entity)
        path = self._storage.download(job.source_key, job.source_version)
        handle, report_path = tempfile.mkstemp(prefix="rechazados-", suffix=".csv")
        try:
            with service.RejectedRowsReport(open(handle, "w", encoding="utf-8", newline=""),  # noqa: SIM115
                                            [c.name for c in columns]) as report:
                rows = read_rows(path, job.source_key, columns, INGEST_LIMITS)
                result = service.validate(job.entity, rows, self._providers, sink, chunk_size=CHUNK_ROWS,
                                          reject=report.add)
            if not result.total_rows:  # a header alone: most likely the wrong file, and nothing would change
                raise FileRejected(HEADER_ONLY)
            report_key = None
            if result.rejected_rows:
                report_key = f"reports/{job_id}/rechazados-{PurePosixPath(job.source_key).stem}.csv"
                self._storage.put_report_file(report_key, report_path, "text/csv; charset=utf-8")
        finally:
            os.remove(path)
            os.remove(report_path)
        self._jobs.update(job_id, status=Status.WAITING, total_rows=result.total_rows,
                          accepted_rows=result.accepted_rows, rejected_rows=result.rejected_rows,
                          chunk_keys=chunk_keys, report_key=report_key)
        return {"job_id": job_id, "chunk_keys": chunk_keys}

    def acquire_slot(self, job_id: str) -> dict:
        """Take the entity's write slot in upload order: {"acquired": False} means wait and ask again."""
        job = self._jobs.get(job_id, INGEST)
        now = clock.now()
        earlier = self._jobs.unfinished_before(PIPELINE, job, since=now.timestamp() - MAX_RUN_SECONDS,
                                         terminal=Status.TERMINAL)
        if earlier:
            return {"acquired": False, "waiting_for": earlier.job_id}
        taken = self._leases.acquire(slot_key(job.entity), job_id, now=now.timestamp(), seconds=SLOT_LEASE_SECONDS,
                               order=job.upload_order or "")
        if taken.superseded_by:
            newer = self._jobs.get(taken.superseded_by)
            raise LoadSuperseded(
                f"No se cargó: el archivo {newer.source_key}, subido después que este, ya se cargó o se está "
                "cargando, y este archivo sobrescribiría sus datos con otros más antiguos. Si sus filas deben "
                "quedar, súbalo de nuevo: la nueva carga será la más reciente")
        if taken.acquired:
            self._jobs.update(job_id, status=Status.WRITING)
        return {"acquired": taken.acquired}

    def _hold_slot(self, job: Job) -> None:
        if not self._leases.renew(slot_key(job.entity), job.job_id, now=clock.now().timestamp(),
                            seconds=SLOT_LEASE_SECONDS):
            raise LoadSuperseded("La carga perdió su turno de escritura (estuvo detenida más de "
                                 f"{SLOT_LEASE_SECONDS // 60} minutos); reintente el proceso")

    def write(self, job_id: str, chunk_key: str) -> dict:
        job = self._jobs.get(job_id, INGEST)
        self._hold_slot(job)
        written = self._tables.write(job.entity, self._storage.read_chunk(chunk_key))
        self._jobs.record_written(job_id, PurePosixPath(chunk_key).stem, written)
        return {"written": written}

    def derive(self, job_id: str) -> dict:
        job = self._jobs.get(job_id, INGEST)
        self._hold_slot(job)
        self._jobs.update(job_id, status=Status.DERIVING)
        result = self._tables.derive(job.entity, self._storage.iter_chunks(list(job.chunk_keys)))
        if result.invoices_missing:
            self._jobs.update(job_id, warning=(
                f"{result.invoices_missing} factura(s) de este archivo aún no existen en la EPS: sus totales se "
                "actualizarán al cargar de nuevo este archivo después de cargar las facturas"))
        return {"invoices_updated": result.invoices_updated, "invoices_missing": result.invoices_missing}

    def finish(self, job_id: str) -> dict:
        job = self._jobs.get(job_id, INGEST)
        status = Status.DONE_WITH_REJECTIONS if job.rejected_rows else Status.DONE
        # Chunks finish concurrently, so the running total may lag; the per-chunk map is exact.
        written = sum(int(n) for n in job.written_by_chunk.values())
        self._leases.release(slot_key(job.entity), job_id)  # first: a job shown ended never still holds the slot
        self._jobs.update(job_id, status=status, written_items=written,
                          finished_at=clock.now().isoformat(timespec="seconds"))
        return {"status": status}

    def execution_stopped(self, execution_name: str, status: str) -> dict:
        """An execution TIMED_OUT or ABORTED ends without its Catch: close the job it belonged to."""
        try:
            job = self._jobs.get(attempts.job_of_execution(PIPELINE, execution_name), INGEST)
        except WrongChannel:
            return {"status": None}
        if job.execution_name != execution_name or job.status in Status.TERMINAL:
            return {"status": job.status}
        return self.fail(job.job_id, failures.stopped(status))

    def fail(self, job_id: str, error: dict | str | None) -> dict:
        """MarkFailed. A job of another channel handed here (never by this pipeline's own runs) is left as it is."""
        try:
            job = self._jobs.get(job_id, INGEST)
        except WrongChannel:
            return {"status": None}
        self._leases.release(slot_key(job.entity), job_id)  # first: a job shown ended never still holds the slot
        failure, message = failure_message(error)
        self._jobs.update(job_id, status=Status.FAILED, error=message, failure=failure,
                    finished_at=clock.now().isoformat(timespec="seconds"))
        return {"status": Status.FAILED}


_EXPLAINED_ERRORS = (FileRejected.__name__, LoadSuperseded.__name__)


def failure_message(error: dict | str | None) -> tuple[str, str]:
    """(failure kind, what the operator sees): the reason for a rejected file or load, or for a deliberate stop;
    other failures are named, not detailed."""
    return failures.describe(error, _EXPLAINED_ERRORS, "El proceso falló por un error interno ({kind}). El archivo "
                             "original se conserva; puede reintentarse desde la consola de operaciones")
