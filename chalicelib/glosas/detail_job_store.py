"""`detail_jobs.DetailJobStore` on the jobs table (jobs.repository.JobRepository), channel `glosas-detalle`."""

from __future__ import annotations

from datetime import datetime

from chalicelib.common.clock import BOGOTA
from chalicelib.common.errors import NotFound
from chalicelib.glosas.detail_jobs import DONE, FAILED, PREPARING, DetailFileJob
from chalicelib.glosas.schemas import detail_job, detail_job_record
from chalicelib.jobs.channels import GLOSA_DETAIL_FILES, WrongChannel
from chalicelib.jobs.repository import JobAlreadyExists, JobRepository


def _iso(at: datetime) -> str:
    return at.astimezone(BOGOTA).isoformat(timespec="seconds")


class JobsDetailStore:
    def __init__(self, jobs: JobRepository, bucket: str, channel: str = GLOSA_DETAIL_FILES):
        self._jobs, self._bucket, self._channel = jobs, bucket, channel

    def get(self, job_id: str) -> DetailFileJob | None:
        try:
            return detail_job(self._jobs.get(job_id, self._channel), self._channel)
        except (NotFound, WrongChannel):
            return None

    def create(self, job: DetailFileJob) -> bool:
        try:
            self._jobs.create(detail_job_record(job, self._channel, self._bucket))
            return True
        except JobAlreadyExists:
            return False

    def restart(self, job: DetailFileJob, *, expected: str) -> bool:
        record = detail_job_record(job, self._channel, self._bucket)
        return self._jobs.transition(job.job_id, expected=(expected,), status=PREPARING,
                                     started_at=record.started_at, started_key=record.started_key,
                                     requested_by=job.requested_by, filename=job.filename, total_rows=0)

    def finish(self, job_id: str, *, file_key: str, lines: int, at: datetime) -> bool:
        return self._jobs.transition(job_id, expected=(PREPARING,), status=DONE, result_key=file_key,
                                     total_rows=lines, finished_at=_iso(at))

    def fail(self, job_id: str, *, reason: str, at: datetime) -> bool:
        return self._jobs.transition(job_id, expected=(PREPARING,), status=FAILED, error=reason,
                                     finished_at=_iso(at))
