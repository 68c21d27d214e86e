"""The ingestion pipeline's Step Functions tasks after arrival, on in-memory fakes (no moto): validate → take the
entity's slot in upload order → write each chunk → derive → finish, and the ways a load fails."""

from __future__ import annotations

import json

import pytest

from chalicelib.common.identifiers import nit_check_digit
from chalicelib.ingest import pipeline as ingest
from chalicelib.ingest import service
from chalicelib.ingest.derive import DeriveResult
from chalicelib.ingest.pipeline import HEADER_ONLY, IngestPipeline, LoadSuperseded
from chalicelib.jobs import channels, failures
from chalicelib.spreadsheets import FileRejected
from chalicelib.uploads.objects import UploadedObject
from tests.unit.ingest.fakes import FakeRegistry, FakeTables
from tests.unit.uploads.fakes import FakeExecutions, FakeJobs, FakeLeases, FakeSequences, FakeStorage

MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:ingest"
HEADER = ";".join(column.name for column in service.columns_of("invoices"))
NIT = f"900123456-{nit_check_digit('900123456')}"
STRANGER = f"800987654-{nit_check_digit('800987654')}"
SLOT = ingest.slot_key("invoices")


def invoice(number: int, nit: str = NIT) -> str:
    return f"{nit};FE;{number};FE{number};001;2026-10-01;1000;R{number};2026-10-02;radicada"


class Stack:
    def __init__(self, derived: DeriveResult | None = None):
        self.jobs, self.leases, self.storage = FakeJobs(), FakeLeases(), FakeStorage()
        self.tables, self.registry = FakeTables(derived), FakeRegistry("NI#900123456")
        self.pipeline = IngestPipeline(self.storage, FakeExecutions(), MACHINE, jobs=self.jobs, leases=self.leases,
                                       sequences=FakeSequences(), tables=self.tables, providers=self.registry)

    def upload(self, name: str, *rows: str) -> str:
        key = f"ingest/invoices/{name}"
        self.storage.objects[key] = ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")
        return self.pipeline.on_upload(UploadedObject("datos", key, f"v-{name}", '"etag"', 100, sequencer="0A",
                                                      event_time="2026-12-01T10:00:00.000Z"))

    def run(self, job_id: str) -> dict:
        """The state machine's path for one job: validate, the slot (taken at once), each chunk, derive, finish."""
        chunk_keys = self.pipeline.validate(job_id)["chunk_keys"]
        assert self.pipeline.acquire_slot(job_id) == {"acquired": True}
        for key in chunk_keys:
            self.pipeline.write(job_id, key)
        self.pipeline.derive(job_id)
        return self.pipeline.finish(job_id)


def caught(exc: Exception) -> dict:
    """What the state machine's Catch hands to MarkFailed for a task's exception."""
    return {"Error": type(exc).__name__,
            "Cause": json.dumps({"errorType": type(exc).__name__, "errorMessage": str(exc)})}


@pytest.fixture
def stack():
    return Stack()


def test_a_load_runs_from_validation_to_its_end_and_frees_the_slot(stack):
    job_id = stack.upload("mensual.csv", invoice(1), invoice(2))
    assert stack.run(job_id) == {"status": "FINALIZADO"}
    job = stack.jobs.get(job_id)
    assert (job.total_rows, job.accepted_rows, job.rejected_rows, job.written_items) == (2, 2, 0, 2)
    assert (job.report_key, job.warning, job.error) == (None, None, None)
    assert [(r["provider_id"], r["valor_factura"]) for r in stack.tables.rows["invoices"]] == [
        ("NI#900123456", 1000), ("NI#900123456", 1000)]
    assert len(stack.tables.derived_from["invoices"]) == 2  # derive read back every chunk
    assert stack.leases.holder_of(SLOT) is None
    assert stack.registry.asked == [{"NI#900123456"}]


def test_rows_of_unknown_providers_are_rejected_into_a_report_and_the_rest_loaded(stack):
    job_id = stack.upload("mixta.csv", invoice(1), invoice(2, STRANGER))
    assert stack.run(job_id) == {"status": "FINALIZADO_CON_RECHAZOS"}
    job = stack.jobs.get(job_id)
    assert (job.accepted_rows, job.rejected_rows, job.written_items) == (1, 1, 1)
    assert job.report_key == f"reports/{job_id}/rechazados-mixta.csv"
    report = stack.storage.objects[job.report_key].decode("utf-8-sig").splitlines()
    assert report[0].startswith("Fila;NIT;") and report[1].startswith(f"3;{STRANGER};")


def test_a_file_with_only_its_header_is_refused_with_the_reason(stack):
    job_id = stack.upload("vacia.csv")
    with pytest.raises(FileRejected) as raised:
        stack.pipeline.validate(job_id)
    assert stack.pipeline.fail(job_id, caught(raised.value)) == {"status": "FALLIDO"}
    job = stack.jobs.get(job_id)
    assert (job.status, job.failure, job.error) == ("FALLIDO", failures.REFUSED, HEADER_ONLY)
    assert stack.tables.rows == {}


def test_a_later_upload_waits_for_the_earlier_load_of_its_entity(stack):
    first = stack.upload("primera.csv", invoice(1))
    second = stack.upload("segunda.csv", invoice(2))
    stack.pipeline.validate(second)
    assert stack.pipeline.acquire_slot(second) == {"acquired": False, "waiting_for": first}
    assert stack.jobs.get(second).status == "EN_ESPERA"
    stack.run(first)
    assert stack.run(second) == {"status": "FINALIZADO"}


def test_an_older_load_reaching_the_slot_after_a_newer_one_is_refused_not_written(stack):
    older = stack.upload("antigua.csv", invoice(1))
    newer = stack.upload("nueva.csv", invoice(2))
    stack.pipeline.fail(older, caught(ConnectionError("caída")))  # failed before its slot; the newer one loads
    stack.run(newer)
    stack.jobs.restart(older, expected_status="FALLIDO", status="RECIBIDO", attempt=2)  # an operator's retry
    stack.pipeline.validate(older)
    with pytest.raises(LoadSuperseded, match="ingest/invoices/nueva.csv"):
        stack.pipeline.acquire_slot(older)
    assert [r["sufijo"] for r in stack.tables.rows["invoices"]] == ["2"]


def test_a_load_that_lost_its_slot_writes_nothing(stack):
    job_id = stack.upload("lenta.csv", invoice(1))
    chunk_keys = stack.pipeline.validate(job_id)["chunk_keys"]
    stack.pipeline.acquire_slot(job_id)
    stack.leases.release(SLOT, job_id)  # its lease ran out and another load took the slot
    stack.leases.acquire(SLOT, "otra", now=0, seconds=10**12)
    with pytest.raises(LoadSuperseded, match="perdió su turno"):
        stack.pipeline.write(job_id, chunk_keys[0])
    assert stack.tables.rows == {}


def test_invoices_not_loaded_yet_leave_a_warning_on_the_finished_job():
    stack = Stack(DeriveResult(invoices_updated=1, invoices_missing=2))
    job_id = stack.upload("pagos.csv", invoice(1))
    stack.run(job_id)
    job = stack.jobs.get(job_id)
    assert job.status == "FINALIZADO" and job.warning.startswith("2 factura(s) de este archivo aún no existen")


def test_an_internal_failure_frees_the_slot_and_names_only_the_error(stack):
    job_id = stack.upload("caida.csv", invoice(1))
    stack.pipeline.validate(job_id)
    stack.pipeline.acquire_slot(job_id)
    stack.pipeline.fail(job_id, caught(ConnectionError("host interno 10.0.0.7")))
    job = stack.jobs.get(job_id)
    assert (job.status, job.failure) == ("FALLIDO", failures.INTERNAL)
    assert "ConnectionError" in job.error and "10.0.0.7" not in job.error
    assert stack.leases.holder_of(SLOT) is None


def test_a_stopped_execution_closes_its_job_once(stack):
    job_id = stack.upload("detenida.csv", invoice(1))
    execution = stack.jobs.get(job_id).execution_name
    assert stack.pipeline.execution_stopped(execution, "ABORTED") == {"status": "FALLIDO"}
    assert stack.jobs.get(job_id).failure == failures.STOPPED
    assert stack.pipeline.execution_stopped(execution, "TIMED_OUT") == {"status": "FALLIDO"}  # already closed
    assert "States.ABORTED" in stack.jobs.get(job_id).error


def test_a_job_of_another_channel_is_neither_processed_nor_failed_here(stack):
    job_id = stack.upload("propia.csv", invoice(1))
    stack.jobs.update(job_id, channel=channels.GLOSA_RESPONSES)
    assert stack.pipeline.fail(job_id, caught(ConnectionError())) == {"status": None}
    assert stack.jobs.get(job_id).status == "RECIBIDO"
