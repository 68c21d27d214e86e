"""An operator's "Reintentar": the job runs again in its OWN channel (chalicelib/jobs/channels.py), with that
channel's checks and owner, or is refused with the reason. Never chosen by the job's entity or S3 key.

| channel | a retry |
|---|---|
| ingest | the EPS load again (same file, next attempt, the entity's write slot in upload order) |
| glosas | the provider's response load again (same file, same Nro proceso, the provider's turn taken again, the
  result emailed to the uploader); only after a failure of ours or a stop: a refused file is the provider's |
| cartera | refused: the day's quota slot went back to the provider, who sends the file again |
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from chalicelib.common.errors import Conflict
from chalicelib.jobs.channels import CARTERA, channel_of
from chalicelib.jobs.repository import JobRepository
from chalicelib.jobs.types import Job

NOT_RETRIED = {
    CARTERA: "Las consultas de cartera no se reintentan desde la consola: la solicitud fallida devolvió su cupo "
             "del día al prestador, que debe cargar el archivo de nuevo desde el portal",
}


class Retryable(Protocol):
    def retry_refusal(self, job: Job) -> Conflict | None: ...

    def retry(self, job_id: str) -> Job: ...


class JobRetries:
    def __init__(self, jobs: JobRepository, channels: Mapping[str, Retryable]):
        self._jobs = jobs
        self._channels = channels  # channel → its pipeline; a channel absent here is never retried

    def refusal(self, job: Job) -> Conflict | None:
        channel = self._channels.get(channel_of(job))
        if channel is None:
            return Conflict(NOT_RETRIED.get(channel_of(job), "Los procesos de este canal no se reintentan"),
                            code="JOB_NOT_RETRYABLE")
        return channel.retry_refusal(job)

    def allowed(self, job: Job) -> bool:
        return self.refusal(job) is None

    def retry(self, job_id: str) -> Job:
        job = self._jobs.get(job_id)
        if refusal := self.refusal(job):
            raise refusal
        return self._channels[channel_of(job)].retry(job_id)
