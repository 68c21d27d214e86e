"""The ingestion pipeline's arrival of an upload on in-memory fakes (no moto): one job per upload, a repeated
delivery starts nothing, loads numbered in arrival order, an older version of one key refused after a newer one."""

from __future__ import annotations

import pytest

from chalicelib.ingest.pipeline import IngestPipeline
from chalicelib.jobs import failures
from chalicelib.uploads.objects import UploadedObject
from tests.unit.ingest.fakes import FakeRegistry, FakeTables
from tests.unit.uploads.fakes import FakeExecutions, FakeJobs, FakeLeases, FakeSequences, FakeStorage

MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:ingest"


@pytest.fixture
def pipeline():
    jobs, executions = FakeJobs(), FakeExecutions()
    built = IngestPipeline(FakeStorage(), executions, MACHINE, jobs=jobs, leases=FakeLeases(),
                           sequences=FakeSequences(), tables=FakeTables(), providers=FakeRegistry())
    return built, jobs, executions


def upload(key="ingest/invoices/mensual.csv", version="v1", sequencer="0A", size=100) -> UploadedObject:
    return UploadedObject("datos", key, version, '"etag"', size, sequencer=sequencer,
                          event_time="2026-12-01T10:00:00.000Z")


def test_an_upload_becomes_one_job_and_one_execution_even_when_delivered_twice(pipeline):
    ingest, jobs, executions = pipeline
    job_id = ingest.on_upload(upload())
    assert ingest.on_upload(upload()) is None  # S3 delivered the event again
    job = jobs.get(job_id)
    assert (job.status, job.entity, job.channel) == ("RECIBIDO", "invoices", "ingest")
    assert [name for _, name, _ in executions.started] == [f"ingest-{job_id}"]


def test_loads_of_an_entity_are_numbered_in_arrival_order_whatever_their_sequencers(pipeline):
    ingest, jobs, _ = pipeline
    first = ingest.on_upload(upload("ingest/invoices/a.csv", sequencer="FF000000000000000000"))
    second = ingest.on_upload(upload("ingest/invoices/b.csv", sequencer="00AB"))
    assert jobs.get(first).upload_order < jobs.get(second).upload_order


def test_an_older_version_of_a_key_arriving_after_the_newer_is_refused_on_arrival(pipeline):
    ingest, jobs, executions = pipeline
    newer = ingest.on_upload(upload(version="v2", sequencer="0B0000000001"))
    older = ingest.on_upload(upload(version="v1", sequencer="0A"))  # shorter: compared right-padded
    refused = jobs.get(older)
    assert (refused.status, refused.failure) == ("FALLIDO", failures.REFUSED)
    assert "versión más reciente" in refused.error
    assert [name for _, name, _ in executions.started] == [f"ingest-{newer}"]


@pytest.mark.parametrize(("key", "size", "message"), [
    ("ingest/desconocida/x.csv", 100, "no corresponde a ninguna entidad"),
    ("ingest/invoices/x.pdf", 100, "Formato no soportado"),
    ("ingest/invoices/x.csv", 0, "vacío"),
])
def test_a_file_refused_on_arrival_gets_a_failed_job_and_no_execution(pipeline, key, size, message):
    ingest, jobs, executions = pipeline
    job = jobs.get(ingest.on_upload(upload(key, size=size)))
    assert job.status == "FALLIDO" and message in job.error
    assert executions.started == []
