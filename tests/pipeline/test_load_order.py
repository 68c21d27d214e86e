"""Loads of one entity: every upload is a job, later uploads win, stopped executions close their job.

S3's events are held back and delivered by the tests as S3 may deliver them (late, twice, out of order, with
sequencers of any length, which order one key's events only): the order that counts is the server's, taken when
an upload's event arrives (docs/ingest/pipeline.md, "Order between loads of one entity")."""

from __future__ import annotations

import threading
import time

import boto3
import pytest

from chalicelib import wiring
from chalicelib.common.errors import Conflict
from chalicelib.eps.models import Invoice
from chalicelib.ingest import service
from chalicelib.ingest.pipeline import slot_key
from chalicelib.jobs import leases
from chalicelib.jobs import repository as jobs
from chalicelib.jobs.models import JobRecord
from devstack.uploads import wait_for_job
from tests import factories
from tests.pipeline.helpers import deliver, events_held, executions_of, load, put, put_held
from tests.pipeline.test_ingest_pipeline import invoices_csv

PROVIDER = "900123456"


def invoice_rows(value: int, sufijos) -> bytes:
    nit = factories.nit_with_dv(PROVIDER)
    return invoices_csv([f"{nit};FE;{n};FE{n};001;2026-10-01;{value};R{n};2026-10-02;radicada" for n in sufijos])


def value_of(sufijo: int) -> int:
    return Invoice.get(f"NI#{PROVIDER}", f"FE#{sufijo}").valor_factura


def wait_for_status(job_id: str, status: str, timeout: float = 30) -> JobRecord:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = JobRecord.get(job_id)
        if job.status == status:
            return job
        time.sleep(0.05)
    raise TimeoutError(f"job {job_id} never reached {status}")


def held_writes(monkeypatch, *, only_value: int | None = None) -> threading.Event:
    """Writes (of rows with valor_factura == only_value, or all) wait until the returned event is set."""
    release, real_write = threading.Event(), service.write

    def held(entity, records):
        records = list(records)
        if only_value is None or (records and records[0]["valor_factura"] == only_value):
            release.wait(timeout=60)
        return real_write(entity, records)

    monkeypatch.setattr(service, "write", held)
    return release


def test_a_later_correction_wins_over_a_slower_earlier_load(pipelines, monkeypatch):
    factories.provider(PROVIDER)
    release = held_writes(monkeypatch, only_value=1000)  # the large load's chunk lands after the correction
    large = put("ingest/invoices/grande.csv", invoice_rows(1000, range(1, 301)))
    wait_for_status(large, "CARGANDO")
    correction = put("ingest/invoices/correccion.csv", invoice_rows(2000, [7]))
    assert wait_for_status(correction, "EN_ESPERA").status == "EN_ESPERA"  # validated, waiting its turn
    release.set()

    first, second = wait_for_job(large, 60), wait_for_job(correction, 60)
    assert (first.status, second.status) == ("FINALIZADO", "FINALIZADO")
    assert second.finished_at >= first.finished_at
    assert value_of(7) == 2000  # the correction, uploaded later, wins
    assert value_of(8) == 1000
    assert leases.holder_of(slot_key("invoices")) is None


# Sequencers of two keys cannot be compared; these make any comparison of them, or of the event times, as text or
# as numbers, say the opposite of the order the events arrive in.
LONG_HIGH, SHORT_LOW = "FF00000000000000000000000000", "00AB"


def test_the_upload_whose_event_arrives_later_wins_whatever_its_sequencer_or_time(pipelines):
    factories.provider(PROVIDER)
    with events_held():
        first = put_held("ingest/invoices/primera.csv", invoice_rows(1000, [1, 2]))
        second = put_held("ingest/invoices/segunda.csv", invoice_rows(2000, [2, 3]))
    assert deliver(second, LONG_HIGH, event_time="2026-12-01T10:00:05.000Z") == [second.job_id]
    assert deliver(first, SHORT_LOW, event_time="2026-12-01T10:00:00.000Z") == [first.job_id]  # late: received last

    assert [wait_for_job(j, 60).status for j in (second.job_id, first.job_id)] == ["FINALIZADO"] * 2
    assert (value_of(1), value_of(2), value_of(3)) == (1000, 1000, 2000)  # the later-received upload's rows win
    assert leases.holder_of(slot_key("invoices")) is None


def test_repeated_and_late_events_start_nothing_and_leave_the_newer_rows(pipelines):
    factories.provider(PROVIDER)
    key = "ingest/invoices/mensual.csv"
    with events_held():
        older = put_held(key, invoice_rows(1000, [4, 5]))
        newer = put_held(key, invoice_rows(2000, [4]))  # the same key's next version
    assert deliver(older, "0A") == [older.job_id]
    assert deliver(older, "0A") == []  # delivered twice while its load runs
    assert wait_for_job(older.job_id, 60).status == "FINALIZADO"
    assert deliver(newer, "0B0000000000000000000001") == [newer.job_id]
    assert wait_for_job(newer.job_id, 60).status == "FINALIZADO"

    assert deliver(older, "0A") == []  # the older upload's event once more, late: nothing runs again
    assert deliver(newer, "0B0000000000000000000001") == []
    assert (executions_of(older.job_id), executions_of(newer.job_id)) == (1, 1)
    assert JobRecord.get(older.job_id).status == JobRecord.get(newer.job_id).status == "FINALIZADO"
    assert (value_of(4), value_of(5)) == (2000, 1000)


def test_an_older_version_of_a_key_whose_event_arrives_after_the_newer_one_is_refused(pipelines):
    factories.provider(PROVIDER)
    key = "ingest/invoices/mensual.csv"
    with events_held():
        older = put_held(key, invoice_rows(1000, [6]))
        newer = put_held(key, invoice_rows(2000, [6]))
    # Same key: S3's sequencers order its events (compared right-padded); the newer version's event comes first.
    assert deliver(newer, "0B00000000000000000001") == [newer.job_id]
    assert wait_for_job(newer.job_id, 60).status == "FINALIZADO"
    assert deliver(older, "0A") == [older.job_id]  # its first delivery, late

    refused = wait_for_job(older.job_id, 60)
    assert refused.status == "FALLIDO" and "versión más reciente" in refused.error
    assert executions_of(older.job_id) == 0
    assert value_of(6) == 2000


def test_reverting_a_file_under_the_same_key_loads_it_again(pipelines):
    factories.provider(PROVIDER)
    key = "ingest/invoices/mensual.csv"
    a, b = invoice_rows(1000, [1, 2]), invoice_rows(5000, [1, 2])
    jobs_run = [load(key, body) for body in (a, b, a)]
    assert [j.status for j in jobs_run] == ["FINALIZADO"] * 3
    assert len({j.job_id for j in jobs_run}) == 3  # one job per upload, even with equal content
    assert value_of(1) == value_of(2) == 1000


def test_an_upload_older_than_a_load_already_applied_is_refused_not_applied(pipelines):
    factories.provider(PROVIDER)
    load("ingest/invoices/base.csv", invoice_rows(1000, [3]))
    newer = JobRecord("newer-job", pipeline="ingest", started_key="2026-01-01T00:00:00-05:00#newer-job",
                      entity="invoices", bucket="b", source_key="ingest/invoices/nueva.csv",
                      execution_name="ingest-newer-job", status="FINALIZADO", started_at="2026-01-01T00:00:00-05:00")
    newer.save()
    # Its event was delivered before ours although ours was uploaded first (an ordering S3 does not promise).
    assert leases.acquire(slot_key("invoices"), "newer-job", now=time.time(), seconds=60, order="9999").acquired
    assert leases.release(slot_key("invoices"), "newer-job")

    job = load("ingest/invoices/vieja.csv", invoice_rows(9000, [3]))
    assert job.status == "FALLIDO"
    assert "ingest/invoices/nueva.csv" in job.error and "súbalo de nuevo" in job.error
    assert value_of(3) == 1000


def test_a_stopped_execution_ends_its_job_failed_and_frees_the_slot(pipelines):
    factories.provider(PROVIDER)
    assert leases.acquire(slot_key("invoices"), "someone-else", now=time.time(), seconds=600).acquired
    job_id = put("ingest/invoices/detenida.csv", invoice_rows(1000, [4]))
    job = wait_for_status(job_id, "EN_ESPERA")
    boto3.client("stepfunctions", region_name="us-east-1").stop_execution(executionArn=job.execution_arn)
    stopped = wait_for_job(job_id, 30)  # EventBridge → ingest_stopped, as in AWS
    assert stopped.status == "FALLIDO" and "States.ABORTED" in stopped.error
    assert leases.holder_of(slot_key("invoices")) == "someone-else"  # never ours: not released by us


def test_a_stopped_execution_holding_the_slot_releases_it(pipelines, monkeypatch):
    factories.provider(PROVIDER)
    release = held_writes(monkeypatch)
    job_id = put("ingest/invoices/lenta.csv", invoice_rows(1000, [5]))
    job = wait_for_status(job_id, "CARGANDO")
    assert leases.holder_of(slot_key("invoices")) == job_id
    boto3.client("stepfunctions", region_name="us-east-1").stop_execution(executionArn=job.execution_arn)
    release.set()  # the emulator ends a stopped execution when its running task returns (AWS does at once)
    assert wait_for_job(job_id, 30).status == "FALLIDO"
    assert leases.holder_of(slot_key("invoices")) is None


def test_a_job_is_retried_at_most_twice(pipelines):
    factories.provider(PROVIDER)
    job = load("ingest/invoices/x.csv", invoice_rows(1000, [6]))
    jobs.update(job.job_id, status="FALLIDO", attempt=3)
    with pytest.raises(Conflict) as refused:
        wiring.ingest_pipeline().retry(job.job_id)
    assert refused.value.code == "JOB_ATTEMPTS_EXHAUSTED"
