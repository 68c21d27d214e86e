"""Another attempt of a FALLIDO job, shared by the channels that allow one (chalicelib/operations/retries.py):
at most MAX_ATTEMPTS runs in all, each a new execution `<channel>-<job>-<n>` of the job's own channel."""

from __future__ import annotations

from chalicelib.common.errors import Conflict
from chalicelib.jobs.channels import channel_of
from chalicelib.jobs.repository import JobRepository
from chalicelib.jobs.types import Job

FAILED = "FALLIDO"
RECEIVED = "RECIBIDO"
MAX_ATTEMPTS = 3  # the first run and two operator retries


def refusal(job: Job) -> Conflict | None:
    """Why this job cannot run again, whatever its channel; None when it can."""
    if job.status != FAILED:
        return Conflict("Solo se puede reintentar un proceso FALLIDO", code="JOB_NOT_RETRYABLE")
    if int(job.attempt or 1) >= MAX_ATTEMPTS:
        return Conflict(f"El proceso ya se intentó {MAX_ATTEMPTS} veces; revise el error y cargue el archivo de "
                        "nuevo (con otro nombre o el mismo)", code="JOB_ATTEMPTS_EXHAUSTED")
    return None


def execution_name(channel: str, job_id: str, attempt: int) -> str:
    return f"{channel}-{job_id}" if attempt <= 1 else f"{channel}-{job_id}-{attempt}"


def job_of_execution(channel: str, name: str) -> str:
    """The job id inside an execution name of the channel (the first run's or a retry's)."""
    return name.removeprefix(f"{channel}-").split("-")[0]


def restart(job: Job, repository: JobRepository) -> Job:
    """The job reset for its next attempt (Conflict if another retry moved it first); not started yet."""
    attempt = int(job.attempt or 1) + 1
    repository.restart(job.job_id, attempt=attempt,
                       execution_name=execution_name(channel_of(job), job.job_id, attempt),
                       expected_status=FAILED, status=RECEIVED)
    return repository.get(job.job_id)
