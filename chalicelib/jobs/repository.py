"""Jobs: created once per uploaded object, updated by the pipeline's tasks, listed by operators.

`JobRepository` is what services and pipelines are handed (wiring.py builds it); the module-level functions are
the same operations on one default repository, for the callers not yet handed one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from datetime import datetime

from pynamodb.attributes import MapAttribute
from pynamodb.exceptions import DoesNotExist, PutError, UpdateError

from chalicelib.common.clock import BOGOTA
from chalicelib.common.errors import Conflict, NotFound
from chalicelib.common.pagination import Page, query_page
from chalicelib.jobs.channels import require
from chalicelib.jobs.models import JobRecord
from chalicelib.jobs.types import Job

_NAMES = tuple(f.name for f in fields(Job))


def _plain_map(value) -> dict:
    return value.as_dict() if isinstance(value, MapAttribute) else dict(value or {})


def as_job(record: JobRecord) -> Job:
    """Record → Job: what this repository hands out (maps as plain dicts, lists as lists)."""
    values = {name: getattr(record, name) for name in _NAMES}
    values.update(written_by_chunk=_plain_map(record.written_by_chunk), chunk_keys=list(record.chunk_keys or []),
                  summary=None if record.summary is None else _plain_map(record.summary))
    return Job(**values)


def _record_of(job: Job) -> JobRecord:
    return JobRecord(job.job_id, **{name: getattr(job, name) for name in _NAMES if name != "job_id"})


class JobAlreadyExists(Exception):
    pass


def _update_if(job_id: str, actions: list, condition) -> bool:
    """One conditional UpdateItem: False when the condition did not hold."""
    try:
        JobRecord(job_id).update(actions=actions, condition=condition)
        return True
    except UpdateError as exc:
        if exc.cause_response_code != "ConditionalCheckFailedException":
            raise
        return False


class JobRepository:
    """The jobs table (chalicelib/jobs/models.py)."""

    def create(self, job: Job) -> None:
        try:
            _record_of(job).save(condition=JobRecord.job_id.does_not_exist())
        except PutError as exc:
            if "ConditionalCheckFailed" in str(exc):
                raise JobAlreadyExists(job.job_id) from exc
            raise

    def get(self, job_id: str, channel: str | None = None) -> Job:
        """The job; with `channel`, only a job of that channel (channels.WrongChannel otherwise): what a pipeline's
        tasks and retries ask for, so no pipeline ever runs another channel's job."""
        try:
            job = as_job(JobRecord.get(job_id))
        except DoesNotExist as exc:
            raise NotFound("El proceso no existe", code="JOB_NOT_FOUND") from exc
        return require(job, channel) if channel else job

    def update(self, job_id: str, **values) -> None:
        JobRecord(job_id).update(actions=[getattr(JobRecord, name).set(value) for name, value in values.items()],
                                 condition=JobRecord.job_id.exists())

    def transition(self, job_id: str, *, expected: tuple[str, ...], **values) -> bool:
        """Set values only while the job's status is one of `expected`: False when it already moved on."""
        return _update_if(job_id, [getattr(JobRecord, name).set(value) for name, value in values.items()],
                          JobRecord.status.is_in(*expected))

    def set_once(self, job_id: str, name: str, value: Callable[[], object]) -> bool:
        """Set an attribute only while the job has none (conditional write): of two concurrent deliveries of one
        event, only the first one's value stands. False when it was already set."""
        attribute = getattr(JobRecord, name)
        return _update_if(job_id, [attribute.set(value())], attribute.does_not_exist())

    def mark_quota_returned(self, job_id: str, when: float) -> bool:
        """True the first time only: a request gives its quota slot back at most once."""
        return _update_if(job_id, [JobRecord.quota_returned.set(when)],
                          JobRecord.quota_returned.does_not_exist() & JobRecord.quota_day.exists())

    def restart(self, job_id: str, *, expected_status: str, **values) -> None:
        """Reset a job for another attempt, only if it is still in `expected_status` (no double retries)."""
        try:
            JobRecord(job_id).update(
                actions=[*(getattr(JobRecord, name).set(value) for name, value in values.items()),
                         JobRecord.execution_arn.remove(), JobRecord.finished_at.remove(), JobRecord.error.remove(),
                         JobRecord.report_key.remove(), JobRecord.warning.remove(), JobRecord.failure.remove(),
                         JobRecord.result_key.remove(), JobRecord.summary.remove(), JobRecord.progress_rows.remove(),
                         JobRecord.chunk_keys.set([]),
                         JobRecord.total_rows.set(0), JobRecord.accepted_rows.set(0), JobRecord.rejected_rows.set(0),
                         JobRecord.written_items.set(0), JobRecord.written_by_chunk.set({})],
                condition=JobRecord.status == expected_status)
        except UpdateError as exc:
            raise Conflict("El proceso cambió de estado; consulte de nuevo", code="JOB_STATE_CHANGED") from exc

    def record_written(self, job_id: str, chunk_name: str, items: int) -> None:
        """Idempotent per chunk (SET, not ADD): a retried task does not inflate the count. The total set here is
        progress only (concurrent chunks may race); finish() sets the exact one from the map."""
        job = JobRecord(job_id)
        job.update(actions=[JobRecord.written_by_chunk[chunk_name].set(items)])
        job.update(actions=[JobRecord.written_items.set(sum(int(v) for v in job.written_by_chunk.as_dict().values()))])

    def unfinished_before(self, pipeline: str, job: Job, *, since: float,
                          terminal: tuple[str, ...]) -> Job | None:
        """A job of the same entity, uploaded before `job` and started after `since`, that has not ended yet."""
        since_key = datetime.fromtimestamp(since, tz=BOGOTA).isoformat()
        mine = job.upload_order or ""
        for other in JobRecord.by_pipeline.query(pipeline, JobRecord.started_key >= since_key,
                                                 filter_condition=JobRecord.entity == job.entity):
            if other.job_id != job.job_id and other.status not in terminal and (other.upload_order or "") < mine:
                return as_job(other)
        return None

    def list_jobs(self, pipeline: str, *, limit: int, cursor: str | None) -> Page[Job]:
        return query_page(JobRecord.by_pipeline, "pipeline", pipeline, limit=limit, cursor=cursor, newest_first=True,
                          as_type=as_job)

    @staticmethod
    def owner_key(pipeline: str, provider_id: str) -> str:
        return f"{pipeline}#{provider_id}"

    def jobs_of_owner(self, owner: str, *, limit: int, cursor: str | None) -> Page[Job]:
        """One provider's jobs of one pipeline (owner_key), newest first."""
        return query_page(JobRecord.by_owner, "owner", owner, limit=limit, cursor=cursor, newest_first=True,
                          as_type=as_job)

    def jobs_of_owner_since(self, owner: str, since_key: str) -> list[Job]:
        return [as_job(r) for r in JobRecord.by_owner.query(owner, JobRecord.started_key >= since_key)]


_default = JobRepository()
create = _default.create
get = _default.get
update = _default.update
transition = _default.transition
set_once = _default.set_once
mark_quota_returned = _default.mark_quota_returned
restart = _default.restart
record_written = _default.record_written
unfinished_before = _default.unfinished_before
list_jobs = _default.list_jobs
jobs_of_owner = _default.jobs_of_owner
jobs_of_owner_since = _default.jobs_of_owner_since
owner_key = _default.owner_key
