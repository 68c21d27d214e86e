"""End to end: upload → S3 event → Lambda → Step Functions → tasks → tables, job and report."""

from __future__ import annotations

import csv
import io

import boto3
import pytest
import xlsxwriter

from app import ingest_stopped, ingest_trigger
from chalicelib import wiring
from chalicelib.common.errors import Conflict
from chalicelib.eps.models import Invoice, InvoiceTotals
from chalicelib.glosas.models import GlosaDetail
from chalicelib.indicators.models import Authorization
from chalicelib.ingest import service
from chalicelib.ingest.pipeline import HEADER_ONLY
from chalicelib.ingest.schemas import SCHEMAS
from chalicelib.jobs import repository as jobs
from chalicelib.jobs.models import JobRecord
from chalicelib.payments.models import Payment
from chalicelib.providers.models import ProviderRecord
from devstack.demodata import generate
from devstack.uploads import wait_for_job
from tests import factories, hostile_xlsx
from tests.pipeline.helpers import load, put, read, s3_event

INVOICE_HEADER = ("NIT;Prefijo;Sufijo;Número factura;Sucursal;Fecha factura;Valor factura;Número radicado;"
                  "Fecha radicación;Estado\n")


def invoices_csv(rows: list[str]) -> bytes:
    return (INVOICE_HEADER + "\n".join(rows) + "\n").encode("utf-8")


def test_a_file_with_bad_rows_is_partly_loaded_and_each_rejection_explained(pipelines):
    factories.provider("900123456")
    nit = factories.nit_with_dv("900123456")
    body = invoices_csv([
        f"{nit};FE;1001;FE1001;001;2026-10-01;1500000;RAD-1;2026-10-03;radicada",
        f"{nit};FE;1002;FE1002;001;2026-10-01;abc;RAD-2;2026-10-03;radicada",
        "900123456-0;FE;1003;FE1003;001;2026-10-01;1000;RAD-3;2026-10-03;radicada",
        f"{factories.nit_with_dv('811222333')};FE;1004;FE1004;001;2026-10-01;1000;RAD-4;2026-10-03;radicada",
        f"{nit};FE;1001;FE1001;001;2026-10-01;1500000;RAD-1;2026-10-03;radicada",
        f"{nit};FE;;FE;001;2026-10-01;1000;RAD-6;2026-10-03;radicada",
    ])
    job = load("ingest/invoices/facturas-octubre.csv", body)
    assert (job.status, job.total_rows, job.accepted_rows, job.rejected_rows) == ("FINALIZADO_CON_RECHAZOS", 6, 1, 5)
    assert job.written_items == 1 and job.finished_at
    assert Invoice.get("NI#900123456", "FE#1001").valor_factura == 1_500_000
    report = read(job.report_key).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(report), delimiter=";"))
    reasons = {int(r["Fila"]): r["Motivo del rechazo"] for r in rows}
    assert set(reasons) == {3, 4, 5, 6, 7}
    assert "Valor factura" in reasons[3]
    assert "dígito de verificación" in reasons[4]
    assert "no existe en el registro de prestadores" in reasons[5]
    assert "duplicado" in reasons[6].lower()
    assert "Sufijo" in reasons[7]


def test_every_entity_loads_the_demo_data_without_rejections(pipelines, tmp_path):

    counts = generate(tmp_path, providers=2, invoices_per_provider=15, seed=3)
    for entity in SCHEMAS:  # load order: providers, invoices, payments, glosas, authorizations
        job = load(f"ingest/{entity}/demo.csv", (tmp_path / f"{entity}.csv").read_bytes())
        assert (job.status, job.rejected_rows, job.total_rows) == ("FINALIZADO", 0, counts[entity]), entity
    providers = list(ProviderRecord.scan())
    assert len(providers) == 2 and all(p.sucursales for p in providers)
    demo = "NI#900123456"
    invoices = list(Invoice.query(demo))
    assert len(invoices) == 15
    assert list(Payment.query(demo)) and list(Authorization.query(demo)) and list(GlosaDetail.query(demo))
    # Derived totals: what was paid never exceeds what was invoiced.
    totals = {t.invoice_key: t.valor_pagado for t in InvoiceTotals.query(demo)}
    assert any(totals.values())
    assert all(totals.get(i.invoice_key, 0) <= i.valor_factura for i in invoices)


def test_the_same_event_twice_starts_one_execution(pipelines):


    factories.provider("900123456")
    nit = factories.nit_with_dv("900123456")
    row = f"{nit};FE;7;FE7;001;2026-10-01;1000;R7;2026-10-02;radicada"
    job = load("ingest/invoices/unica.csv", invoices_csv([row]))
    event = s3_event(job.bucket, "ingest/invoices/unica.csv")
    assert ingest_trigger(event, None) == {"jobs": []}
    assert ingest_trigger(event, None) == {"jobs": []}
    sfn = boto3.client("stepfunctions", region_name="us-east-1")
    machine = pipelines["IngestStateMachine"]
    assert len(sfn.list_executions(stateMachineArn=machine)["executions"]) == 1
    assert len([j for j in JobRecord.scan() if j.source_key == "ingest/invoices/unica.csv"]) == 1


def test_loading_the_same_rows_again_does_not_duplicate_and_a_correction_replaces(pipelines):
    factories.provider("900123456")
    nit = factories.nit_with_dv("900123456")
    row = f"{nit};FE;8;FE8;001;2026-10-01;1000;R8;2026-10-02;radicada"
    load("ingest/invoices/primera.csv", invoices_csv([row]))
    load("ingest/invoices/segunda.csv", invoices_csv([row]))
    assert [i.valor_factura for i in Invoice.query("NI#900123456")] == [1000]
    load("ingest/invoices/correccion.csv", invoices_csv([row.replace(";1000;", ";2500;")]))
    assert [i.valor_factura for i in Invoice.query("NI#900123456")] == [2500]


def test_a_failing_write_ends_in_the_catch_path_and_keeps_the_file(pipelines, monkeypatch):

    def broken_write(entity, records):
        raise ConnectionError("DynamoDB no responde")

    monkeypatch.setattr(service, "write", broken_write)
    factories.provider("900123456")
    nit = factories.nit_with_dv("900123456")
    body = invoices_csv([f"{nit};FE;9;FE9;001;2026-10-01;1000;R9;2026-10-02;radicada"])
    job = load("ingest/invoices/falla.csv", body)
    assert job.status == "FALLIDO" and job.finished_at
    assert "ConnectionError" in job.error and "se conserva" in job.error
    assert read("ingest/invoices/falla.csv") == body


def test_an_unreadable_file_fails_with_the_reason(pipelines):
    job = load("ingest/invoices/roto.xlsx", b"PK\x03\x04 esto no es un xlsx")
    assert job.status == "FALLIDO"
    assert job.error and "ConnectionError" not in job.error and "interno" not in job.error


def test_an_unknown_entity_is_recorded_as_failed_without_execution(pipelines):
    job = load("ingest/afiliados-v2/base.csv", b"a;b\n1;2\n")
    assert job.status == "FALLIDO" and job.execution_arn is None
    assert "no corresponde a ninguna entidad" in job.error


def test_xlsx_extracts_load_too(pipelines, tmp_path):

    factories.provider("900123456")
    path = tmp_path / "facturas.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Facturas")
    sheet.write_row(0, 0, INVOICE_HEADER.strip().split(";"))
    sheet.write_row(1, 0, [factories.nit_with_dv("900123456"), "FV", 55, "FV55", "001", "01/10/2026", 123456,
                           "R55", "02/10/2026", "radicada"])
    book.close()
    job = load("ingest/invoices/facturas.xlsx", path.read_bytes())
    assert (job.status, job.accepted_rows) == ("FINALIZADO", 1), job.error
    assert Invoice.get("NI#900123456", "FV#55").fecha_factura == "2026-10-01"


def test_an_empty_file_is_refused_before_any_execution(pipelines):
    job = load("ingest/invoices/vacio.csv", b"")
    assert (job.status, job.execution_arn, job.error) == ("FALLIDO", None, "El archivo está vacío")


def test_a_failed_start_is_finished_by_the_retried_event(pipelines, monkeypatch):

    factories.provider("900123456")
    executions = wiring.executions()
    real_start = executions.start
    calls = []

    def flaky_start(*args):
        calls.append(args)
        if len(calls) == 1:
            raise ConnectionError("Step Functions no responde")
        return real_start(*args)

    monkeypatch.setattr(executions, "start", flaky_start)
    row = f"{factories.nit_with_dv('900123456')};FE;5;FE5;001;2026-10-01;1000;R5;2026-10-02;radicada"
    body = invoices_csv([row])
    put("ingest/invoices/reintento.csv", body)  # the S3 event's StartExecution fails (moto swallows it)
    event = s3_event(wiring.ingest_storage().bucket, "ingest/invoices/reintento.csv")
    [job_id] = ingest_trigger(event, None)["jobs"]  # S3 delivers again: the job is started this time
    assert wait_for_job(job_id, 60).status == "FINALIZADO"
    assert JobRecord.get(job_id).execution_arn


def test_an_operator_retries_a_failed_job(pipelines, monkeypatch):

    real_write = service.write
    monkeypatch.setattr(service, "write", lambda entity, records: (_ for _ in ()).throw(ConnectionError("caída")))
    factories.provider("900123456")
    row = f"{factories.nit_with_dv('900123456')};FE;6;FE6;001;2026-10-01;1000;R6;2026-10-02;radicada"
    job = load("ingest/invoices/caida.csv", invoices_csv([row]))
    assert job.status == "FALLIDO" and "consola de operaciones" in job.error
    monkeypatch.setattr(service, "write", real_write)
    retried = wiring.ingest_pipeline().retry(job.job_id)
    assert retried.attempt == 2 and retried.execution_name.endswith("-2")
    done = wait_for_job(job.job_id, 60)
    assert (done.status, done.written_items, done.error) == ("FINALIZADO", 1, None)
    assert Invoice.get("NI#900123456", "FE#6").valor_factura == 1000

    with pytest.raises(Conflict):
        wiring.ingest_pipeline().retry(job.job_id)


def test_a_file_refused_on_arrival_is_not_retried_and_a_retry_that_cannot_start_ends_failed(pipelines, monkeypatch):
    """A refusal made when the file arrived (empty, too large, unsupported) never ran: re-running it would skip the
    checks that refused it. And a retry whose StartExecution fails must not leave the job RECIBIDO for good."""
    empty = load("ingest/invoices/vacio.csv", b"")
    assert (empty.status, empty.failure, empty.execution_arn) == ("FALLIDO", "RECHAZO", None)
    with pytest.raises(Conflict, match="rechazado al llegar"):
        wiring.ingest_pipeline().retry(empty.job_id)

    real_write = service.write
    monkeypatch.setattr(service, "write", lambda entity, records: (_ for _ in ()).throw(ConnectionError("caída")))
    factories.provider("900123456")
    row = f"{factories.nit_with_dv('900123456')};FE;7;FE7;001;2026-10-01;1000;R7;2026-10-02;radicada"
    job = load("ingest/invoices/sin-arranque.csv", invoices_csv([row]))
    assert job.status == "FALLIDO"
    monkeypatch.setattr(service, "write", real_write)
    executions = wiring.executions()

    def refused_start(*args):
        raise ConnectionError("Step Functions no responde")

    monkeypatch.setattr(executions, "start", refused_start)
    with pytest.raises(ConnectionError):
        wiring.ingest_pipeline().retry(job.job_id)
    assert (JobRecord.get(job.job_id).status, JobRecord.get(job.job_id).failure) == ("FALLIDO", "INTERNO")


def test_a_timed_out_execution_closes_its_job(pipelines):

    factories.provider("900123456")
    row = f"{factories.nit_with_dv('900123456')};FE;4;FE4;001;2026-10-01;1000;R4;2026-10-02;radicada"
    job = load("ingest/invoices/lenta.csv", invoices_csv([row]))
    jobs.update(job.job_id, status="CARGANDO")  # as if the execution had stopped mid-way
    event = {"source": "aws.states", "detail-type": "Step Functions Execution Status Change",
             "detail": {"name": job.execution_name, "status": "TIMED_OUT", "executionArn": job.execution_arn}}
    assert ingest_stopped(event, None) == {"status": "FALLIDO"}
    closed = jobs.get(job.job_id)
    assert closed.status == "FALLIDO" and "States.TIMED_OUT" in closed.error
    assert "superó el tiempo máximo" in closed.error and "error interno" not in closed.error


def test_payments_before_their_invoices_are_loaded_with_a_warning(pipelines, tmp_path):

    generate(tmp_path, providers=1, invoices_per_provider=5, seed=5)
    load("ingest/providers/p.csv", (tmp_path / "providers.csv").read_bytes())
    job = load("ingest/payments/antes.csv", (tmp_path / "payments.csv").read_bytes())
    assert job.status == "FINALIZADO" and job.accepted_rows > 0
    assert job.warning and "aún no existen" in job.warning


@pytest.mark.parametrize("attack", list(hostile_xlsx.ATTACKS))
def test_packages_that_hide_parts_from_the_guard_fail_the_load_in_spanish(pipelines, attack):
    """Issue 20, item 2: each of the three files aborted the process; now the job ends FALLIDO with a reason."""
    from tests.unit.test_hostile_spreadsheets import workbook

    job = load("ingest/invoices/facturas.xlsx", hostile_xlsx.ATTACKS[attack](workbook()))
    assert job.status == "FALLIDO" and job.error.startswith(("El archivo .xlsx", "La hoja")), job.error


@pytest.mark.parametrize("body", [INVOICE_HEADER.encode(), (INVOICE_HEADER + ";;;;;;;;;\n\n").encode()])
def test_a_header_only_file_fails_saying_so_and_loads_nothing(pipelines, body):
    job = load("ingest/invoices/solo-encabezado.csv", body)
    assert (job.status, job.error) == ("FALLIDO", HEADER_ONLY)
