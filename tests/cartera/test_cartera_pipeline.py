"""Consulta de cartera end to end on the embedded AWS: request → presigned POST → S3 event → Step Functions
→ receipt email → validate → reconcile → result XLSX → result email → the provider's list."""

from __future__ import annotations

import io
import time
from datetime import datetime

import boto3
import pytest
from python_calamine import CalamineWorkbook

from chalicelib.cartera.pipeline import PREFIX
from chalicelib.config import get_settings
from chalicelib.jobs.models import JobRecord
from devstack.uploads import wait_for_job
from tests import hostile_xlsx
from tests.api.client import call
from tests.cartera.conftest import login, post_file, register
from tests.cartera.data import FIXTURE_ROWS, load_eps_fixture, xlsx


def _s3():
    return boto3.client("s3", region_name=get_settings().region)


def _finished(job_id: str) -> JobRecord:
    """The job once its execution has ended (the failure task marks the job before it emails)."""
    job = wait_for_job(job_id, timeout=60)
    sfn = boto3.client("stepfunctions", region_name=get_settings().region)
    deadline = time.monotonic() + 30
    while sfn.describe_execution(executionArn=job.execution_arn)["status"] == "RUNNING":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    return JobRecord.get(job_id)


def _run(client, token: str, body: bytes, filename: str = "cartera.xlsx") -> JobRecord:
    status, answer = register(client, token, filename)
    assert status == 201, answer
    assert post_file(answer["carga"], body, filename) in (200, 201, 204)
    return _finished(answer["solicitud_id"])


def _sheet(key: str, name: str) -> list[list]:
    body = _s3().get_object(Bucket=get_settings().data_bucket, Key=key)["Body"].read()
    return CalamineWorkbook.from_filelike(io.BytesIO(body)).get_sheet_by_name(name).to_python()


def test_the_fixture_is_reconciled_as_computed_by_hand(pipelines, client, users, mailbox):
    load_eps_fixture()
    token = login(client, users["delegate"])
    job = _run(client, token, xlsx(FIXTURE_ROWS), "cartera-noviembre.xlsx")
    assert (job.status, job.total_rows, job.accepted_rows, job.rejected_rows) == ("FINALIZADO", 13, 8, 5), job.error
    rows = _sheet(job.result_key, "Conciliación")
    header = rows[0]
    by_line = {int(r[0]): dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert sorted(by_line) == list(range(2, 15))  # one row per row of the file, in file order

    def check(line, estado, reconocido, diferencia, observacion):
        row = by_line[line]
        assert (row["Estado EPS"], row["Saldo reconocido EPS"], row["Diferencia"]) == (estado, reconocido, diferencia)
        assert row["Observación"] == observacion

    check(2, "Radicada", 1_000_000, 0, "Pendiente de pago")
    check(3, "Pagada totalmente", 0, 300_000, "Pagada totalmente; Saldo diferente: la EPS reconoce $0")
    check(4, "Glosada parcialmente", 600_000, 200_000,
          "Glosa pendiente de respuesta de la IPS; Saldo diferente: la EPS reconoce $600.000")
    check(5, "Glosa levantada", 350_000, 0, "Glosa en revisión de la EPS")
    check(6, "No registrada en la EPS", 0, 120_000, "Factura no radicada en la EPS")
    check(7, "Devuelta", 0, 50_000, "Factura devuelta: debe radicarse de nuevo; Saldo diferente: la EPS reconoce $0")
    check(8, "No registrada en la EPS", 0, 10, "Factura no radicada en la EPS")  # another provider's invoice
    assert by_line[3]["Último pago"] == "2001" and by_line[3]["Valor pagado"] == 500_000
    assert by_line[5]["Último pago"] == "2002" and by_line[5]["Glosa en discusión"] == 50_000
    assert by_line[5]["Glosa aceptada por la IPS"] == 100_000 and by_line[5]["Glosa levantada"] == 150_000
    assert by_line[4]["Sufijo"] == "1003" and by_line[4]["Prefijo"] == "FE"
    assert isinstance(by_line[2]["Fecha factura"], datetime | type(datetime.now().date()))
    assert by_line[14]["Numero Factura"].startswith("=HYPERLINK")  # as written, in a string cell
    for line in (9, 10, 11, 12, 13):
        assert by_line[line]["Observación"].startswith("Fila no conciliada")
    errors = {int(r[0]): r[-1] for r in _sheet(job.result_key, "Errores")[1:]}
    assert set(errors) == {9, 10, 11, 12, 13}
    assert "repetida" in errors[9] and "fila 2" in errors[9]
    assert '"Saldo factura" no puede ser mayor' in errors[10]
    assert "Fecha factura" in errors[11]
    assert "Sufijo" in errors[12]
    assert "Valor factura" in errors[13]
    summary = job.summary.as_dict()
    assert (summary["saldo_declarado"], summary["saldo_reconocido"], summary["diferencia"]) == (
        2_620_110, 1_950_000, 670_110)
    assert summary["por_estado"]["No registrada en la EPS"] == {"facturas": 3, "saldo_declarado": 120_110,
                                                                 "saldo_reconocido": 0}
    resumen = _sheet(job.result_key, "Resumen")
    assert ["Saldo reconocido por la EPS", 1_950_000] == resumen[6][:2]
    subjects = [m.subject for m in mailbox()]
    assert subjects == [f"Solicitud de consulta de cartera recibida - Nro {job.job_id}",
                        f"Resultado consulta de cartera - Nro {job.job_id} - Ejecutado Exitosamente"]
    assert "Saldo reconocido por la EPS: $1.950.000" in mailbox()[1].body
    assert "/resultados/cartera/" in mailbox()[1].body and "Expires=" in mailbox()[1].body

    status, listed = call(client, "GET", "/cartera/solicitudes", token=token)
    assert status == 200
    assert [(s["solicitud_id"], s["estado"], s["progreso"], s["filas"]) for s in listed["solicitudes"]] == [
        (job.job_id, "FINALIZADO", 100, 13)]
    assert "/resultados/cartera/" in listed["solicitudes"][0]["resultado_url"]
    status, detail = call(client, "GET", f"/cartera/solicitudes/{job.job_id}", token=token)
    assert status == 200 and detail["resultado_url"] and detail["resumen"]["encontradas"] == 5


def test_a_structurally_invalid_file_fails_the_request_with_one_reason_and_gives_the_slot_back(
        pipelines, client, users, mailbox):
    token = login(client, users["admin"])
    job = _run(client, token, xlsx([("F1", "FE", "1", "01/01/2024", 1, 1)], sheets=2))
    assert job.status == "FALLIDO"
    assert "como máximo 1 hoja(s)" in job.error and job.quota_returned
    assert mailbox()[-1].subject.endswith("con Error") and job.error in mailbox()[-1].body
    # The original file is kept.
    assert _s3().head_object(Bucket=get_settings().data_bucket, Key=job.source_key)["ContentLength"] > 0
    status, listed = call(client, "GET", "/cartera/solicitudes", token=token)
    assert listed["solicitudes"][0]["error"] == job.error


@pytest.mark.parametrize(("body", "reason"), [
    (b"NIT;Prefijo\n1;2\n", "no es un libro de Excel"),
    (xlsx([("F1", "FE", "1", "01/01/2024", 1, 1)], header=("Factura", "Prefijo", "Sufijo", "Fecha factura",
                                                        "Valor factura", "Saldo factura")), "Encabezado inválido"),
    (xlsx([]), "no tiene filas de datos"),
])
def test_files_refused_as_a_whole(pipelines, client, users, body, reason):
    job = _run(client, login(client, users["admin"]), body)
    assert job.status == "FALLIDO" and reason in job.error, job.error


def test_an_internal_failure_fails_the_request_keeps_the_file_and_emails(pipelines, client, users, mailbox,
                                                                           monkeypatch):
    from chalicelib.cartera import eps_reads

    def broken(self, provider_id, keys):
        raise RuntimeError("DynamoDB no responde")

    monkeypatch.setattr(eps_reads.EpsReads, "invoices", broken)
    job = _run(client, login(client, users["admin"]), xlsx([("F1", "FE", "1", "01/01/2024", 1, 1)]))
    assert job.status == "FALLIDO" and "error interno" in job.error and "RuntimeError" in job.error
    assert "DynamoDB" not in job.error
    assert job.quota_returned and mailbox()[-1].subject.endswith("con Error")


def test_a_repeated_s3_event_starts_one_execution(pipelines, client, users):
    from app import upload_trigger

    status, answer = register(client, login(client, users["admin"]))
    key = f"{PREFIX}{answer['solicitud_id']}.xlsx"
    body = xlsx([("F1", "FE", "1", "01/01/2024", 1, 1)])
    put = _s3().put_object(Bucket=get_settings().data_bucket, Key=key, Body=body)
    job = _finished(answer["solicitud_id"])
    assert job.status == "FINALIZADO"
    event = {"Records": [{"eventVersion": "2.1", "eventSource": "aws:s3", "eventName": "ObjectCreated:Post",
                          "eventTime": "2026-12-02T10:00:00.000Z",
                          "s3": {"bucket": {"name": get_settings().data_bucket},
                                 "object": {"key": key, "size": 10, "versionId": put["VersionId"],
                                            "sequencer": "00000000000000AA"}}}]}
    assert upload_trigger(event, None) == {"jobs": []}
    sfn = boto3.client("stepfunctions", region_name=get_settings().region)
    machine = get_settings().cartera_state_machine_arn
    assert len(sfn.list_executions(stateMachineArn=machine)["executions"]) == 1


def test_an_upload_to_an_unknown_key_is_ignored(pipelines):
    from app import upload_trigger

    event = {"Records": [{"eventVersion": "2.1", "eventSource": "aws:s3", "eventName": "ObjectCreated:Put",
                          "s3": {"bucket": {"name": get_settings().data_bucket},
                                 "object": {"key": f"{PREFIX}{'a' * 32}.xlsx", "size": 10}}},
                         {"eventVersion": "2.1", "eventSource": "aws:s3", "eventName": "ObjectCreated:Put",
                          "s3": {"bucket": {"name": get_settings().data_bucket},
                                 "object": {"key": "cargas/glosas/x.xlsx", "size": 10}}}]}
    assert upload_trigger(event, None) == {"jobs": []}


@pytest.mark.parametrize("attack", list(hostile_xlsx.ATTACKS))
def test_packages_that_hide_parts_from_the_guard_fail_the_request_in_spanish(pipelines, client, users, attack):
    """Issue 20, item 2: each of the three files aborted the process; now the request ends FALLIDO with a reason."""
    body = hostile_xlsx.ATTACKS[attack](xlsx([("F1", "FE", "1", "01/01/2024", 1, 1)]))
    job = _run(client, login(client, users["admin"]), body)
    assert job.status == "FALLIDO" and job.error.startswith(("El archivo .xlsx", "La hoja")), job.error
    assert "interno" not in job.error


def test_a_stopped_request_says_it_was_stopped_not_an_internal_error(pipelines, client, users):
    from chalicelib import wiring

    status, answer = register(client, login(client, users["admin"]))
    assert status == 201
    job_id = answer["solicitud_id"]
    JobRecord(job_id).update(actions=[JobRecord.status.set("CONCILIANDO")])
    assert wiring.cartera().execution_stopped(f"cartera-{job_id}", "ABORTED")["status"] == "FALLIDO"
    stopped = JobRecord.get(job_id)
    assert stopped.error.startswith("El proceso fue detenido deliberadamente") and "error interno" not in stopped.error
