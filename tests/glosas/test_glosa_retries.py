"""An operator's "Reintentar" runs a job in its own channel only (docs/runbook.md §3.1): a provider's glosa
response file never reaches the EPS's ingestion, whatever its entity, key or content; a glosa response
retry runs the provider's load again with the provider's turn; a cartera request is not retried."""

from __future__ import annotations

import io

import boto3
import pytest
import xlsxwriter

from chalicelib import wiring
from chalicelib.common.identifiers import DocumentType
from chalicelib.config import get_settings
from chalicelib.glosas import responses
from chalicelib.glosas.loads import BUSY, LEASE_SECONDS, lock_key
from chalicelib.glosas.models import GlosaDetail
from chalicelib.glosas.repository import GlosaRepository
from chalicelib.jobs import leases
from chalicelib.jobs.channels import WrongChannel
from chalicelib.jobs.models import JobRecord
from chalicelib.operations.accounts import create_operator
from chalicelib.uploads.objects import UploadedObject
from tests.api.client import call
from tests.glosas.conftest import post_file, register
from tests.glosas.data import HEADER, NIT, row
from tests.glosas.test_glosa_loads import PROVIDER, by_line, download, fill, finished, result_rows

OTHER = "NI#800987654"


@pytest.fixture
def operator(client, tokens):
    create_operator(DocumentType.CC, "31000222", primer_nombre="Olga", primer_apellido="Mejía",
                    correo="olga@eps.example.co", password="Operadora2024", must_change_password=False)
    status, session = call(client, "POST", "/sesion", {"tipo_documento": "CC", "numero_documento": "31000222",
                                                        "contrasena": "Operadora2024"})
    assert status == 200
    return session["token"]


def extract_shaped(*rows: list[str]) -> bytes:
    """What the attacker uploads as a glosa response: the EPS's extract layout, another provider's NIT."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out)
    sheet = book.add_worksheet("Detalle de Glosa 1")
    for r, values in enumerate([HEADER, *rows]):
        sheet.write_row(r, 0, values)
    book.close()
    return out.getvalue()


def details_of(provider: str) -> set[str]:
    return {d.detail_key for d in GlosaDetail.query(provider)}


def retry(client, token: str, job_id: str):
    return call(client, "POST", f"/operaciones/procesos/{job_id}/reintento", token=token)


def listed(client, token: str, channel: str, job_id: str) -> dict:
    status, page = call(client, "GET", f"/operaciones/procesos?canal={channel}", token=token)
    assert status == 200
    return next(p for p in page["procesos"] if p["proceso_id"] == job_id)


def ingest_runs() -> list[str]:
    sfn = boto3.client("stepfunctions", region_name=get_settings().region)
    return [e["name"] for e in sfn.list_executions(stateMachineArn=get_settings().ingest_state_machine_arn)[
        "executions"]]


def test_a_providers_file_shaped_as_the_eps_extract_never_becomes_eps_data(pipelines, client, tokens, operator):
    before = {p: details_of(p) for p in (PROVIDER, OTHER)}
    # Provider B sends, as its glosa responses, an extract line for provider A's invoice FE777.
    status, answer = register(client, tokens["other"], "NI-800987654-20240312.xlsx")
    assert status == 201
    body = extract_shaped(row(nit=NIT, sufijo="777", detail="9", glosa="123456"))
    assert post_file(answer["carga"], body, "NI-800987654-20240312.xlsx") in (200, 201, 204)
    job = finished(answer["carga_id"])
    assert (job.status, job.entity) == ("FALLIDO", "glosas")

    # An operator presses "Reintentar" as the runbook says: the file must not reach provider A's glosas.
    status, refused = retry(client, operator, job.job_id)
    finished(job.job_id)
    assert {p: details_of(p) for p in (PROVIDER, OTHER)} == before
    assert ingest_runs() == []
    # It is refused with the reason, and the console does not offer it.
    assert status == 409 and refused["code"] == "JOB_NOT_RETRYABLE" and "corregirlo" in refused["message"]
    assert listed(client, operator, "glosas", job.job_id)["reintentable"] is False
    assert JobRecord.get(job.job_id).channel == "glosas"

    # No other way in: the ingestion refuses the job at every step an execution could hand it to.
    ingest = wiring.ingest_pipeline()
    for step in (ingest.retry, ingest.validate, ingest.acquire_slot, ingest.derive, ingest.finish):
        with pytest.raises(WrongChannel):
            step(job.job_id)
    assert ingest.fail(job.job_id, {"Error": "X"}) == {"status": None}
    assert ingest.execution_stopped(f"ingest-{job.job_id}", "ABORTED") == {"status": None}
    assert JobRecord.get(job.job_id).status == "FALLIDO" and ingest_runs() == []
    assert {p: details_of(p) for p in (PROVIDER, OTHER)} == before

    # A job recorded before jobs stored their channel is just as safe: its pipeline attribute decides.
    JobRecord(job.job_id).update(actions=[JobRecord.channel.remove()])
    assert retry(client, operator, job.job_id)[0] == 409
    with pytest.raises(WrongChannel):
        ingest.validate(job.job_id)
    assert listed(client, operator, "glosas", job.job_id) | {"reintentable": False} == listed(
        client, operator, "glosas", job.job_id)


def failed_by_us(client, tokens, monkeypatch) -> JobRecord:
    """Provider B answers its own line; writing the answers fails (an error of ours), then the cause is fixed."""
    body = fill(download(client, tokens["other"], "50001"), {("FE900", "1"): (9600, None, "NC-9", "Se acepta")})

    def broken(self, provider_id, answers, process):
        raise ConnectionError("DynamoDB no responde")

    real = GlosaRepository.record_answers
    monkeypatch.setattr(GlosaRepository, "record_answers", broken)
    status, answer = register(client, tokens["other"], "NI-800987654-20240312.xlsx")
    assert status == 201
    assert post_file(answer["carga"], body, "NI-800987654-20240312.xlsx") in (200, 201, 204)
    failed = finished(answer["carga_id"])
    assert failed.status == "FALLIDO" and "error interno" in failed.error
    monkeypatch.setattr(GlosaRepository, "record_answers", real)
    return failed


def test_a_glosa_response_retry_runs_the_providers_load_again_with_its_turn(
        pipelines, client, tokens, operator, clock, mailbox, monkeypatch):
    failed = failed_by_us(client, tokens, monkeypatch)
    assert listed(client, operator, "glosas", failed.job_id)["reintentable"] is True

    # While another load of B runs, the retry waits for B's turn like any load: the seed's message.
    leases.acquire(lock_key(OTHER), "b" * 32, now=clock["value"].timestamp(), seconds=LEASE_SECONDS)
    status, busy = retry(client, operator, failed.job_id)
    assert (status, busy["code"], busy["message"]) == (409, "CARGA_EN_PROCESO", BUSY)
    leases.release(lock_key(OTHER), "b" * 32)

    status, retried = retry(client, operator, failed.job_id)
    assert status == 202 and retried["canal"] == "glosas" and retried["estado"] != "FALLIDO"
    done = finished(failed.job_id)
    assert (done.status, done.attempt, done.process_number, done.owner) == (
        "FINALIZADO", 2, failed.process_number, f"glosas#{OTHER}")
    assert by_line(result_rows(done)) == {("FE900", "1"): responses.RECORDED}
    assert ingest_runs() == []  # never the EPS ingestion
    assert leases.holder_of(lock_key(OTHER)) is None
    message = mailbox()[-1]
    assert message["Subject"].endswith("Ejecutado Exitosamente") and message["To"] == "u1000000009@clinica.example.co"


def test_a_cartera_request_is_not_retried_and_the_console_says_why(pipelines, client, tokens, operator):
    status, answer = call(client, "POST", "/cartera/solicitudes", {"archivo": "cartera.xlsx"}, tokens["admin"])
    assert status == 201
    assert post_file(answer["carga"], b"not a workbook", "cartera.xlsx") in (200, 201, 204)
    job = finished(answer["solicitud_id"])
    assert job.status == "FALLIDO"
    assert listed(client, operator, "cartera", job.job_id)["reintentable"] is False
    status, refused = retry(client, operator, job.job_id)
    assert status == 409 and refused["code"] == "JOB_NOT_RETRYABLE" and "cupo" in refused["message"]
    assert ingest_runs() == []


def test_an_upload_under_another_channels_folder_is_not_taken_for_that_channels_job(pipelines, client, tokens):
    status, answer = call(client, "POST", "/cartera/solicitudes", {"archivo": "cartera.xlsx"}, tokens["admin"])
    assert status == 201
    cartera_job = answer["solicitud_id"]
    s3 = boto3.client("s3", region_name=get_settings().region)
    key = f"cargas/glosas/{cartera_job}.xlsx"  # the cartera request's id, under the glosas folder
    put = s3.put_object(Bucket=get_settings().data_bucket, Key=key, Body=b"PK")
    obj = UploadedObject(get_settings().data_bucket, key, put.get("VersionId"), put["ETag"], 2, "01", "2024")
    assert wiring.glosa_loads().on_upload(obj) is None
    assert JobRecord.get(cartera_job).status == "ESPERANDO_ARCHIVO"


def test_a_retry_whose_run_cannot_start_ends_failed_again_and_frees_the_turn(
        pipelines, client, tokens, operator, monkeypatch):
    """Step Functions refusing the start must not leave the job RECIBIDO for good, holding B's turn."""
    from chalicelib.uploads.requests import UploadRequests

    failed = failed_by_us(client, tokens, monkeypatch)

    def throttled(self, job):
        raise ConnectionError("Step Functions no responde")

    monkeypatch.setattr(UploadRequests, "start", throttled)
    with pytest.raises(ConnectionError):
        wiring.glosa_loads().retry(failed.job_id)
    job = JobRecord.get(failed.job_id)
    assert (job.status, job.failure) == ("FALLIDO", "INTERNO")
    assert leases.holder_of(lock_key(OTHER)) is None
    assert listed(client, operator, "glosas", failed.job_id)["reintentable"] is True


def test_a_load_that_failed_before_failure_kinds_were_kept_is_not_retried(
        pipelines, client, tokens, operator, monkeypatch):
    failed = failed_by_us(client, tokens, monkeypatch)
    JobRecord.get(failed.job_id).update(actions=[JobRecord.failure.remove()])  # as jobs failed before this change
    assert listed(client, operator, "glosas", failed.job_id)["reintentable"] is False
    status, refused = retry(client, operator, failed.job_id)
    assert (status, refused["code"]) == (409, "JOB_NOT_RETRYABLE")
