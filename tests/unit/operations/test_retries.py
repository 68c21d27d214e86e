"""An operator's "Reintentar" on in-memory fakes (no moto): a job runs again only in its own channel, with that
channel's checks; a channel without retries (cartera, a detail file) is refused with its reason."""

from __future__ import annotations

import pytest

from chalicelib.common.errors import Conflict, NotFound
from chalicelib.ingest.pipeline import IngestPipeline
from chalicelib.jobs import attempts, channels, failures
from chalicelib.jobs.types import Job
from chalicelib.operations.retries import NOT_RETRIED, JobRetries
from tests.unit.ingest.fakes import FakeRegistry, FakeTables
from tests.unit.uploads.fakes import FakeExecutions, FakeJobs, FakeLeases, FakeSequences, FakeStorage

MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:ingest"


def failed_job(job_id: str, channel: str, **values) -> Job:
    defaults = dict(pipeline=channel, channel=channel, started_key=f"2026-12-01T10:00:00-05:00#{job_id}",
                    entity="invoices", bucket="datos", source_key="ingest/invoices/mensual.csv",
                    execution_name=f"{channel}-{job_id}", status=attempts.FAILED,
                    started_at="2026-12-01T10:00:00-05:00",
                    execution_arn=f"{MACHINE}:{channel}-{job_id}", failure=failures.INTERNAL, error="caída")
    return Job(job_id, **{**defaults, **values})


class Channel:
    """A pipeline as the retries see it: its own refusal, and the retry it was asked for."""

    def __init__(self, refusal: Conflict | None = None):
        self.refusal, self.retried = refusal, []

    def retry_refusal(self, job: Job) -> Conflict | None:
        return self.refusal

    def retry(self, job_id: str) -> Job:
        self.retried.append(job_id)
        return Job(job_id, pipeline="", started_key="", entity="", bucket="", source_key="", execution_name="",
                   status=attempts.RECEIVED, started_at="")


@pytest.fixture
def jobs():
    return FakeJobs()


def test_a_job_is_retried_by_its_own_channel_only(jobs):
    ingest, glosas = Channel(), Channel()
    retries = JobRetries(jobs, {channels.INGEST: ingest, channels.GLOSA_RESPONSES: glosas})
    jobs.create(failed_job("j1", channels.GLOSA_RESPONSES))
    assert retries.retry("j1").status == attempts.RECEIVED
    assert (glosas.retried, ingest.retried) == (["j1"], [])


def test_the_channels_own_refusal_is_raised_and_nothing_runs(jobs):
    refusal = Conflict("El archivo rechazado es del prestador", code="JOB_NOT_RETRYABLE")
    glosas = Channel(refusal)
    retries = JobRetries(jobs, {channels.GLOSA_RESPONSES: glosas})
    jobs.create(failed_job("j1", channels.GLOSA_RESPONSES))
    assert retries.refusal(jobs.get("j1")) is refusal and not retries.allowed(jobs.get("j1"))
    with pytest.raises(Conflict) as raised:
        retries.retry("j1")
    assert raised.value is refusal and glosas.retried == []


@pytest.mark.parametrize(("channel", "message"), [
    (channels.CARTERA, NOT_RETRIED[channels.CARTERA]),
    (channels.GLOSA_DETAIL_FILES, "Los procesos de este canal no se reintentan"),
])
def test_a_channel_without_retries_is_refused_with_its_reason(jobs, channel, message):
    ingest = Channel()
    retries = JobRetries(jobs, {channels.INGEST: ingest})
    jobs.create(failed_job("j1", channel))
    with pytest.raises(Conflict) as raised:
        retries.retry("j1")
    assert (raised.value.code, str(raised.value.message)) == ("JOB_NOT_RETRYABLE", message)
    assert ingest.retried == []


def test_an_unknown_job_is_not_found(jobs):
    with pytest.raises(NotFound):
        JobRetries(jobs, {}).retry("nadie")


@pytest.fixture
def ingest_retries(jobs):
    executions = FakeExecutions()
    pipeline = IngestPipeline(FakeStorage(), executions, MACHINE, jobs=jobs, leases=FakeLeases(),
                              sequences=FakeSequences(), tables=FakeTables(), providers=FakeRegistry())
    return JobRetries(jobs, {channels.INGEST: pipeline}), executions


def test_an_eps_load_runs_again_as_its_next_attempt_until_the_last(jobs, ingest_retries):
    retries, executions = ingest_retries
    jobs.create(failed_job("j1", channels.INGEST))
    retried = retries.retry("j1")
    assert (retried.status, retried.attempt, retried.error, retried.failure) == ("RECIBIDO", 2, None, None)
    assert [name for _, name, _ in executions.started] == ["ingest-j1-2"]
    assert retried.execution_arn == f"{MACHINE}:ingest-j1-2"
    with pytest.raises(Conflict, match="Solo se puede reintentar un proceso FALLIDO"):
        retries.retry("j1")  # running again
    jobs.update("j1", status=attempts.FAILED, attempt=attempts.MAX_ATTEMPTS)
    with pytest.raises(Conflict) as raised:
        retries.retry("j1")
    assert raised.value.code == "JOB_ATTEMPTS_EXHAUSTED"


@pytest.mark.parametrize(("values", "message"), [
    (dict(entity="desconocida"), "entidad conocida"),
    (dict(failure=failures.REFUSED, execution_arn=None, error="El archivo está vacío"), "rechazado al llegar"),
])
def test_an_eps_load_that_never_could_run_is_not_retried(jobs, ingest_retries, values, message):
    retries, executions = ingest_retries
    jobs.create(failed_job("j1", channels.INGEST, **values))
    with pytest.raises(Conflict, match=message):
        retries.retry("j1")
    assert executions.started == [] and jobs.get("j1").attempt == 1
