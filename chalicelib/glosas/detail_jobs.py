"""The detail file of a conciliation too large to make while the request waits: a job (channel
`glosas-detalle` of the jobs table) whose file a background function writes to the downloads prefix; the
provider polls the job until it holds an expiring link. One job per provider and conciliation: a repeated
request while the file is being prepared answers the same job. No AWS here: the store, the starter of the
background function and the link maker are handed in."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Protocol

from chalicelib.common.errors import NotFound

PREPARING, DONE, FAILED = "GENERANDO_RESULTADO", "FINALIZADO", "FALLIDO"
PREPARING_MESSAGE = ("Estamos preparando el archivo de detalle de la conciliación {number}; puede tardar unos minutos. "
                     "Cuando esté listo aparecerá aquí el botón «Descargar».")
READY_MESSAGE = "El archivo de detalle de la conciliación {number} está listo para descargar."
FAILED_MESSAGE = "No fue posible generar el archivo de detalle de la conciliación {number}. Intente de nuevo."
JOB_NOT_FOUND = "El archivo solicitado no existe"
# The background function runs at most 15 minutes (its timeout); a job still preparing after this was lost
# (the invocation failed after its retries) and a new request starts it again.
ABANDONED_AFTER = timedelta(minutes=20)


@dataclass(frozen=True, slots=True)
class DetailFileJob:
    job_id: str
    provider_id: str
    conciliation: str
    filename: str
    requested_by: str
    requested_at: datetime
    status: str = PREPARING
    file_key: str | None = None  # under the downloads prefix, once DONE
    lines: int = 0

    @property
    def message(self) -> str:
        text = {PREPARING: PREPARING_MESSAGE, DONE: READY_MESSAGE}.get(self.status, FAILED_MESSAGE)
        return text.format(number=self.conciliation)


class DetailJobStore(Protocol):
    def get(self, job_id: str) -> DetailFileJob | None: ...

    def create(self, job: DetailFileJob) -> bool:
        """False when a job of that id already exists (conditional write)."""
        ...

    def restart(self, job: DetailFileJob, *, expected: str) -> bool:
        """The job preparing again, only while its status is still `expected`: False when it moved on."""
        ...

    def finish(self, job_id: str, *, file_key: str, lines: int, at: datetime) -> bool: ...

    def fail(self, job_id: str, *, reason: str, at: datetime) -> bool: ...


def detail_job_id(provider_id: str, conciliation: str) -> str:
    return "glosas-detalle-" + hashlib.sha256(f"{provider_id}|{conciliation}".encode()).hexdigest()[:32]


class DetailFileJobs:
    def __init__(self, store: DetailJobStore, start: Callable[[dict], None], link: Callable[[str, str], str],
                 now: Callable[[], datetime], expires_seconds: int):
        self._store, self._start, self._link, self._now = store, start, link, now
        self.expires_seconds = expires_seconds

    def request(self, provider_id: str, conciliation: str, filename: str, requested_by: str) -> DetailFileJob:
        """The job preparing the file: a new one, the one already preparing, or a finished one started again (the
        answers recorded since then are in the new file)."""
        fresh = DetailFileJob(detail_job_id(provider_id, conciliation), provider_id, conciliation, filename,
                              requested_by, self._now())
        if self._store.create(fresh):
            return self._started(fresh)
        current = self._store.get(fresh.job_id)
        if current is None:  # another channel's job under this id cannot be: ids are hashed apart
            raise NotFound(JOB_NOT_FOUND, code="DETAIL_FILE_NOT_FOUND")
        if current.status == PREPARING and fresh.requested_at - current.requested_at < ABANDONED_AFTER:
            return current
        if self._store.restart(fresh, expected=current.status):
            return self._started(fresh)
        return self._store.get(fresh.job_id) or fresh  # a concurrent request started it first

    def _started(self, job: DetailFileJob) -> DetailFileJob:
        self._start({"job_id": job.job_id})
        return job

    def of_provider(self, provider_id: str, job_id: str) -> tuple[DetailFileJob, str | None]:
        """The provider's own job and, once done, a fresh expiring link; 404 for any other provider's."""
        job = self._store.get(job_id)
        if job is None or job.provider_id != provider_id:
            raise NotFound(JOB_NOT_FOUND, code="DETAIL_FILE_NOT_FOUND")
        link = self._link(job.file_key, job.filename) if job.status == DONE and job.file_key else None
        return job, link

    def preparing(self, job_id: str) -> DetailFileJob | None:
        """The job the background function is asked to prepare; None when it is not preparing any more (a
        repeated invocation after it finished or failed)."""
        job = self._store.get(job_id)
        return job if job is not None and job.status == PREPARING else None

    def finish(self, job: DetailFileJob, file_key: str, lines: int) -> DetailFileJob:
        self._store.finish(job.job_id, file_key=file_key, lines=lines, at=self._now())
        return replace(job, status=DONE, file_key=file_key, lines=lines)

    def fail(self, job: DetailFileJob, reason: str) -> None:
        self._store.fail(job.job_id, reason=reason, at=self._now())
