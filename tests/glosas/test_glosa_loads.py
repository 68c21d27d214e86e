"""Cargue respuesta de glosas end to end on the embedded AWS: download → fill → request → presigned POST →
S3 event → Step Functions → validate, record, result file → email → the next download shows the answers."""

from __future__ import annotations

import base64
import io
import time
from datetime import timedelta

import boto3
import pytest
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string
from python_calamine import CalamineWorkbook

from app import upload_trigger
from chalicelib.common.files import XLSX_CONTENT_TYPE
from chalicelib.config import get_settings
from chalicelib.glosas import responses
from chalicelib.glosas.loads import BUSY, LEASE_SECONDS, lock_key
from chalicelib.glosas.response_file import RESULT_COLUMN
from chalicelib.jobs import failures, leases
from chalicelib.jobs.models import JobRecord
from tests import hostile_xlsx
from tests.api.client import call
from tests.glosas.conftest import WITHIN_TERM, post_file, register
from tests.glosas.data import NIT, OTHER_NIT
from tests.libreoffice import first_sheet_as_rows, needs_libreoffice
from tests.pipeline.helpers import s3_event

PROVIDER = "NI#900123456"
COLUMNS = {"AL": "Valor_aceptado_IPS", "AM": "Valor_sustentado_IPS", "AN": "Numero_nota_credito_IPS",
           "AO": "Observaciones_IPS_respuesta_a_glosa"}


def download(client, token: str, conciliation: str) -> bytes:
    response = client.http.get(f"/glosas/conciliaciones/{conciliation}/detalle",
                               headers={"Authorization": f"Bearer {token}", "Accept": XLSX_CONTENT_TYPE})
    assert response.status_code == 200, response.body
    return response.body if response.body.startswith(b"PK") else base64.b64decode(response.body)


def fill(body: bytes, answers: dict[tuple[str, str], tuple]) -> bytes:
    """What the provider does in Excel: types AL, AM, AN, AO on the rows of (Numero_factura, Consecutivo_Detalle)."""
    book = load_workbook(io.BytesIO(body))
    sheet = book["Detalle de Glosa 1"]
    for cells in sheet.iter_rows(min_row=2):
        key = (cells[5].value, str(cells[32].value))
        for letter, value in zip(COLUMNS, answers.get(key, ()), strict=False):
            sheet.cell(row=cells[0].row, column=column_index_from_string(letter), value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def finished(job_id: str) -> JobRecord:
    sfn = boto3.client("stepfunctions", region_name=get_settings().region)
    deadline = time.monotonic() + 90
    while True:
        job = JobRecord.get(job_id)
        if job.status in ("FINALIZADO", "FALLIDO") and (
                not job.execution_arn
                or sfn.describe_execution(executionArn=job.execution_arn)["status"] != "RUNNING"):
            return job
        assert time.monotonic() < deadline, job.status
        time.sleep(0.05)


def load(client, token: str, body: bytes, filename: str = "NI-900123456-20240312.xlsx") -> JobRecord:
    status, answer = register(client, token, filename)
    assert status == 201, answer
    assert post_file(answer["carga"], body, filename) in (200, 201, 204)
    return finished(answer["carga_id"])


def result_rows(job: JobRecord) -> list[dict]:
    s3 = boto3.client("s3", region_name=get_settings().region)
    body = s3.get_object(Bucket=get_settings().data_bucket, Key=job.result_key)["Body"].read()
    rows = CalamineWorkbook.from_filelike(io.BytesIO(body)).get_sheet_by_name("Detalle de Glosa 1").to_python()
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def by_line(rows: list[dict]) -> dict[tuple[str, str], str]:
    return {(r["Numero_factura"], str(int(r["Consecutivo_Detalle"]))): r[RESULT_COLUMN] for r in rows}


def test_round_trip_download_fill_upload_then_the_next_download_shows_the_answers(
        pipelines, client, tokens, mailbox, clock):
    filled = fill(download(client, tokens["delegate"], "50001"), {
        ("FE100", "1"): (9600, None, "NC-1", "Se acepta glosa por mayor valor cobrado"),
        ("FE100", "2"): (0, 22900, None, "Se objeta: el soporte de la HC se adjunta"),
        ("FE101", "1"): (1000, 4000, "NC-2", "Se acepta parcialmente"),
    })
    job = load(client, tokens["delegate"], filled)
    assert job.status == "FINALIZADO", job.error
    assert job.process_number == 1
    assert job.summary.as_dict() == {"filas": 3, "registradas": 3, "tardias": 0, "rechazadas": 0,
                                     "sin_respuesta": 0, "resultado": "Ejecutado Exitosamente"}
    assert set(by_line(result_rows(job)).values()) == {responses.RECORDED}

    # The answers are in the next download, in AL..AO, with the response code derived from the values.
    book = load_workbook(io.BytesIO(download(client, tokens["admin"], "50001")))
    sheet = book["Detalle de Glosa 1"]
    header = [c.value for c in sheet[1]]
    answered = {(r[5], str(r[32])): dict(zip(header, r, strict=True))
                for r in sheet.iter_rows(min_row=2, values_only=True)}
    first = answered[("FE100", "1")]
    assert [first[COLUMNS[c]] for c in COLUMNS] == [9600, 0, "NC-1", "Se acepta glosa por mayor valor cobrado"]
    assert first["Codigo_respuesta_glosa_IPS"] == responses.response_code(9600, 9600)[0]
    assert answered[("FE100", "2")]["Codigo_respuesta_glosa_IPS"] == responses.response_code(22900, 0)[0]
    assert answered[("FE100", "2")]["Fecha_respuesta_a_glosa_IPS"].date() == WITHIN_TERM.date()

    # The email: the seed's subject and body, the result file attached.
    message = mailbox()[-1]
    assert message["Subject"] == ("Resultado Proceso Cargar Respuestas Glosas - Nro proceso 1 - "
                                  "Ejecutado Exitosamente")
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "Consecutivo Proceso: 1" in text
    assert "Archivo: NI-900123456-20240312.xlsx - hoja Detalle de Glosa 1" in text
    assert "Fecha inicio: 2024-03-12 10:00:00" in text and "Fecha fin: 2024-03-12 10:00:00" in text
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "resultado-NI-900123456-20240312.xlsx"
    assert attachment.get_content().startswith(b"PK")

    # The same file again: every line already has an answer; process number 2, "con Error".
    clock["value"] += timedelta(minutes=5)
    again = load(client, tokens["delegate"], filled)
    assert again.process_number == 2
    assert again.summary.as_dict()["resultado"] == "Ejecutado con Error"
    assert set(by_line(result_rows(again)).values()) == {responses.ALREADY_ANSWERED}
    assert mailbox()[-1]["Subject"].endswith("Nro proceso 2 - Ejecutado con Error")

    # The provider's history, newest first, with the result link.
    status, page = call(client, "GET", "/glosas/cargas", token=tokens["admin"])
    assert status == 200
    assert [(c["numero_proceso"], c["estado"], c["resultado"]) for c in page["cargas"]] == [
        (2, "FINALIZADO", "Ejecutado con Error"), (1, "FINALIZADO", "Ejecutado Exitosamente")]
    assert page["cargas"][1]["registradas"] == 3 and page["cargas"][1]["resultado_url"]


def test_each_row_rule_gives_the_seed_message(pipelines, client, tokens, clock):
    body = fill(download(client, tokens["admin"], "50001"), {
        ("FE100", "1"): (100, 200, None, "Solo una de las dos líneas de la factura"),
        ("FE101", "1"): (3000, 2001, None, "Más que la glosa"),
    })
    job = load(client, tokens["admin"], body)
    results = by_line(result_rows(job))
    assert results == {("FE100", "1"): responses.INCOMPLETE_INVOICE, ("FE100", "2"): responses.INCOMPLETE_INVOICE,
                       ("FE101", "1"): responses.OVER_GLOSA}
    assert job.summary.as_dict()["rechazadas"] == 3 and job.summary.as_dict()["registradas"] == 0

    # 50002 was notified on 10 January: answered two months later, it is recorded and flagged late.
    late = fill(download(client, tokens["admin"], "50002"), {("FE102", "1"): (0, 9600, None, "Fuera de término")})
    job = load(client, tokens["admin"], late)
    assert by_line(result_rows(job)) == {("FE102", "1"): responses.LATE}
    assert job.summary.as_dict()["tardias"] == 1 and job.summary.as_dict()["registradas"] == 1


def test_rows_that_cannot_be_read_or_are_not_the_providers_are_refused(pipelines, client, tokens):
    body = fill(download(client, tokens["admin"], "50001"), {
        ("FE100", "1"): ("mil pesos", None, None, "Valor que no es número"),
        ("FE100", "2"): (0, 22900, None, None),  # without the observation the seed makes mandatory
        ("FE101", "1"): (5000, 0, "NC-3", "Correcta"),
    })
    book = load_workbook(io.BytesIO(body))
    sheet = book["Detalle de Glosa 1"]
    sheet.append([cell.value for cell in sheet[4]])  # FE101 again, as another provider's row:
    sheet.cell(row=5, column=1, value=OTHER_NIT)
    sheet.cell(row=5, column=6, value="FE900")
    out = io.BytesIO()
    book.save(out)
    rows = result_rows(load(client, tokens["admin"], out.getvalue()))
    results = {(r["Nit"], r["Numero_factura"]): r[RESULT_COLUMN] for r in rows if r["Numero_factura"] != "FE100"}
    assert results[(NIT, "FE101")] == responses.RECORDED
    assert results[(OTHER_NIT, "FE900")] == responses.NOT_FOUND
    fe100 = [r[RESULT_COLUMN] for r in rows if r["Numero_factura"] == "FE100"]
    assert fe100[0].startswith(responses.REFUSED) and "Valor_aceptado_IPS" in fe100[0]
    assert "Observaciones_IPS_respuesta_a_glosa es obligatoria" in fe100[1]


def test_one_load_at_a_time_and_the_turn_is_freed_on_every_path(pipelines, client, tokens, clock, mailbox):
    # Asking for the form takes no turn: a form no file ever reaches blocks no one.
    status, first = register(client, tokens["delegate"])
    assert status == 201
    status, second = register(client, tokens["admin"])
    assert status == 201
    assert leases.holder_of(lock_key(PROVIDER)) is None

    # A file refused as a whole fails the load, emails "con Error" and frees the turn.
    assert post_file(second["carga"], b"Nit;Factura\n1;2\n", "x.xlsx") in (200, 201, 204)
    job = finished(second["carga_id"])
    assert job.status == "FALLIDO" and "Excel" in job.error
    assert mailbox()[-1]["Subject"].endswith("Ejecutado con Error")
    assert leases.holder_of(lock_key(PROVIDER)) is None

    # The delegate's form, asked for earlier, still takes its file: a finished load frees the turn too.
    assert post_file(first["carga"], download(client, tokens["admin"], "50001"), "a.xlsx") in (200, 201, 204)
    job = finished(first["carga_id"])
    assert job.status == "FINALIZADO" and job.summary.as_dict()["sin_respuesta"] == 3
    assert leases.holder_of(lock_key(PROVIDER)) is None

    # A run that crashed without ending holds the turn only until its lease runs out.
    crashed = register(client, tokens["admin"])[1]["carga_id"]
    JobRecord(crashed).update(actions=[JobRecord.status.set("VALIDANDO")])
    leases.acquire(lock_key(PROVIDER), crashed, now=clock["value"].timestamp(), seconds=LEASE_SECONDS)
    assert register(client, tokens["admin"])[0] == 409
    clock["value"] += timedelta(seconds=LEASE_SECONDS + 1)
    assert register(client, tokens["admin"])[0] == 201


def test_the_turn_is_taken_when_the_file_arrives_and_a_second_file_is_refused_while_a_load_runs(
        pipelines, client, tokens, clock, mailbox):
    status, running = register(client, tokens["admin"])
    assert status == 201
    status, late = register(client, tokens["delegate"])  # asked for while nothing runs: granted
    assert status == 201

    # The admin's file arrives and its load runs (held at Validate here, as a slow file would be).
    running_id = running["carga_id"]
    JobRecord(running_id).update(actions=[JobRecord.status.set("VALIDANDO")])
    assert leases.acquire(lock_key(PROVIDER), running_id, now=clock["value"].timestamp(),
                          seconds=LEASE_SECONDS).acquired

    # While it runs, POST /glosas/cargas answers the seed's message…
    status, answer = register(client, tokens["delegate"])
    assert (status, answer["code"], answer["message"]) == (409, "CARGA_EN_PROCESO", BUSY)

    # …and a file that arrives by an earlier form is refused with it: FALLIDO, the reason, an email.
    assert post_file(late["carga"], download(client, tokens["admin"], "50001"), "b.xlsx") in (200, 201, 204)
    refused = finished(late["carga_id"])
    assert (refused.status, refused.error, refused.execution_arn) == ("FALLIDO", BUSY, None)
    message = mailbox()[-1]
    assert message["Subject"].endswith("Ejecutado con Error")
    assert BUSY in message.get_body(preferencelist=("plain",)).get_content()
    assert leases.holder_of(lock_key(PROVIDER)) == running_id  # the running load keeps its turn

    # The refused file's S3 event delivered again (late, twice): nothing starts, the turn stays.
    event = s3_event(get_settings().data_bucket, refused.source_key)
    assert upload_trigger(event, None) == {"jobs": []}
    assert JobRecord.get(late["carga_id"]).status == "FALLIDO"
    assert leases.holder_of(lock_key(PROVIDER)) == running_id


def test_a_repeated_s3_event_starts_no_second_run_and_keeps_the_turn(pipelines, client, tokens, clock):
    status, answer = register(client, tokens["admin"])
    assert status == 201
    job_id = answer["carga_id"]
    assert post_file(answer["carga"], download(client, tokens["admin"], "50001"), "a.xlsx") in (200, 201, 204)
    key = JobRecord.get(job_id).source_key
    event = s3_event(get_settings().data_bucket, key)
    upload_trigger(event, None)  # delivered again while the first run may still be going
    job = finished(job_id)
    assert job.status == "FINALIZADO" and job.process_number == 1
    upload_trigger(event, None)  # and once more, after it ended: nothing starts, no turn is taken
    sfn = boto3.client("stepfunctions", region_name=get_settings().region)
    runs = sfn.list_executions(stateMachineArn=get_settings().glosas_state_machine_arn)["executions"]
    assert [r["name"] for r in runs] == [f"glosas-{job_id}"]
    assert JobRecord.get(job_id).status == "FINALIZADO"
    assert leases.holder_of(lock_key(PROVIDER)) is None


def test_a_form_whose_file_never_came_is_closed_when_its_provider_asks_again(pipelines, client, tokens, clock):
    status, first = register(client, tokens["delegate"])
    assert status == 201
    clock["value"] += timedelta(minutes=26)  # the form's 15 minutes and the grace are over
    assert register(client, tokens["admin"])[0] == 201
    assert JobRecord.get(first["carga_id"]).status == "ANULADA"


def test_menus_and_tenants(pipelines, client, tokens):
    assert register(client, tokens["no_menu"])[0] == 403
    status, mine = register(client, tokens["admin"])
    assert status == 201
    assert call(client, "GET", f"/glosas/cargas/{mine['carga_id']}", token=tokens["other"])[0] == 404
    assert call(client, "GET", "/glosas/cargas", token=tokens["other"])[1]["cargas"] == []
    assert register(client, tokens["other"])[0] == 201  # the turn is per provider
    assert register(client, tokens["admin"], "respuestas.csv")[0] == 422


@needs_libreoffice
def test_the_result_file_opens_in_libreoffice(pipelines, client, tokens, tmp_path):
    job = load(client, tokens["admin"], fill(download(client, tokens["admin"], "50001"), {
        ("FE101", "1"): (5000, 0, "NC-3", "@ver soporte adjunto")}))
    s3 = boto3.client("s3", region_name=get_settings().region)
    body = s3.get_object(Bucket=get_settings().data_bucket, Key=job.result_key)["Body"].read()
    rows = first_sheet_as_rows(body, tmp_path)
    assert rows[0][-1] == RESULT_COLUMN and len(rows[0]) == 51
    assert {r[-1] for r in rows[1:]} >= {responses.RECORDED}
    assert any(cell in ("'@ver soporte adjunto", "@ver soporte adjunto") for r in rows for cell in r)


@pytest.mark.parametrize("status", ["ABORTED"])
def test_a_stopped_execution_ends_the_load_and_frees_the_turn(pipelines, client, tokens, status):
    from chalicelib import wiring

    status_code, answer = register(client, tokens["admin"])
    assert status_code == 201
    job_id = answer["carga_id"]
    JobRecord(job_id).update(actions=[JobRecord.status.set("VALIDANDO")])
    JobRecord(job_id).update(actions=[JobRecord.execution_name.set(f"glosas-{job_id}-2")])  # retried since
    assert wiring.glosa_loads().execution_stopped(f"glosas-{job_id}", status)["status"] == "VALIDANDO"  # late
    result = wiring.glosa_loads().execution_stopped(f"glosas-{job_id}-2", status)
    assert result["status"] == "FALLIDO"
    stopped = JobRecord.get(job_id)
    assert stopped.error.startswith("El proceso fue detenido deliberadamente") and "error interno" not in stopped.error
    assert stopped.failure == failures.STOPPED
    assert leases.holder_of(lock_key(PROVIDER)) is None


@pytest.mark.parametrize("attack", list(hostile_xlsx.ATTACKS))
def test_packages_that_hide_parts_from_the_guard_fail_the_load_in_spanish(pipelines, client, tokens, attack):
    """Issue 20, item 2: each of the three files aborted the process; now the load ends FALLIDO with a reason."""
    body = hostile_xlsx.ATTACKS[attack](download(client, tokens["admin"], "50001"))
    job = load(client, tokens["admin"], body)
    assert job.status == "FALLIDO" and job.error.startswith(("El archivo .xlsx", "La hoja")), job.error
    assert "interno" not in job.error
