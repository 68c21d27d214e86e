"""Loads of one entity: every upload is a job, later uploads win, stopped executions close their job."""

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
from tests.pipeline.helpers import load, put
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
