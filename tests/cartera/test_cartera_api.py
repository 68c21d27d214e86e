"""Consulta de cartera through the handlers: menu, template, daily quota (atomic, Bogotá day, fairness),
the upload form, tenant isolation, the access log and the operators' view."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import openpyxl
import pytest

from chalicelib import wiring
from chalicelib.access_log.models import AccessLogRecord
from chalicelib.api.cartera import XLSX
from chalicelib.cartera.pipeline import ABANDON_GRACE_SECONDS, UPLOAD_SECONDS
from chalicelib.common.clock import BOGOTA
from chalicelib.common.identifiers import DocumentType
from chalicelib.jobs.models import JobRecord
from chalicelib.operations.accounts import create_operator
from tests import factories
from tests.api.client import call
from tests.cartera.conftest import login, register

LATE_EVENING = datetime(2026, 12, 2, 23, 30, tzinfo=BOGOTA)  # 04:30 UTC of the 3rd: still the 2nd in Bogotá


@pytest.fixture
def clock(aws):
    now = {"value": LATE_EVENING}
    wiring.use_clock(lambda: now["value"])
    return now  # the aws fixture's wiring.reset() puts the real clock back


def test_three_requests_a_day_the_fourth_refused_until_bogota_midnight(client, users, clock):
    token = login(client, users["admin"])
    left = [register(client, token)[1]["consultas_restantes_hoy"] for _ in range(3)]
    assert left == [2, 1, 0]
    response = client.http.post("/cartera/solicitudes", body='{"archivo": "c.xlsx"}',
                                headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    assert response.status_code == 429
    assert response.json_body["code"] == "CUPO_DIARIO_AGOTADO"
    assert "00:00 del 03/12/2026" in response.json_body["message"]
    assert response.headers["Retry-After"] == str(30 * 60 + 1)
    clock["value"] = LATE_EVENING + timedelta(minutes=31)  # 00:01 in Bogotá: a new day
    status, answer = register(client, token)
    assert status == 201 and answer["consultas_restantes_hoy"] == 2


def test_the_quota_is_per_provider(client, users, clock):
    mine, theirs = login(client, users["admin"]), login(client, users["other"])
    for _ in range(3):
        assert register(client, mine)[0] == 201
    assert register(client, mine)[0] == 429
    assert register(client, theirs)[0] == 201


def test_an_upload_that_never_arrives_gives_its_slot_back_once_its_form_expired(client, users, clock):
    token = login(client, users["admin"])
    ids = [register(client, token)[1]["solicitud_id"] for _ in range(3)]
    clock["value"] += timedelta(seconds=UPLOAD_SECONDS + ABANDON_GRACE_SECONDS - 60)
    assert register(client, token)[0] == 429  # forms expired, but an upload may still be arriving
    clock["value"] += timedelta(seconds=120)
    status, answer = register(client, token)
    assert status == 201 and answer["consultas_restantes_hoy"] == 2  # three given back, one taken
    assert {JobRecord.get(i).status for i in ids} == {"VENCIDA"}
    assert wiring.cartera_quota().used("NI#900123456", LATE_EVENING.date()) == 1
    status, listed = call(client, "GET", "/cartera/solicitudes", token=token)
    assert [s["estado"] for s in listed["solicitudes"]] == ["ESPERANDO_ARCHIVO", "VENCIDA", "VENCIDA", "VENCIDA"]


def test_slots_given_back_cannot_register_without_end(client, users, clock):
    token = login(client, users["admin"])
    for _ in range(wiring.cartera_quota().ceiling):
        status, answer = register(client, token)
        assert status == 201
        wiring.cartera_quota().give_back("NI#900123456", JobRecord.get(answer["solicitud_id"]).quota_day)
    assert register(client, token)[0] == 429


def test_the_upload_form_is_a_presigned_post_for_a_server_chosen_key_bounded_in_size_and_time(client, users):
    status, answer = register(client, login(client, users["delegate"]), "Mi cartera ../../x.xlsx")
    assert status == 422  # no path separators in a file name
    status, answer = register(client, login(client, users["delegate"]), "Cartera noviembre.xlsx")
    assert status == 201
    form = answer["carga"]
    assert form["campos"]["key"] == f"cargas/cartera/{answer['solicitud_id']}.xlsx"
    assert form["vence_en_segundos"] == 900 and form["tamano_maximo_bytes"] == 20 * 1024 * 1024
    assert {"policy", "key", "Content-Type"} <= set(form["campos"])
    assert JobRecord.get(answer["solicitud_id"]).filename == "Cartera noviembre.xlsx"


def test_only_users_granted_consulta_cartera(client, users):
    assert register(client, login(client, users["no_menu"]))[0] == 403
    assert call(client, "GET", "/cartera/solicitudes", token=login(client, users["no_menu"]))[0] == 403
    assert call(client, "GET", "/cartera/solicitudes")[0] == 401


def test_the_template_has_the_seed_columns_and_instructions(client, users):
    token = login(client, users["delegate"])
    response = client.http.get("/cartera/plantilla", headers={"Authorization": f"Bearer {token}", "Accept": XLSX})
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.body))
    assert [c.value for c in book["Facturas"][1]] == ["Numero Factura", "Prefijo", "Sufijo", "Fecha factura",
                                                      "Valor factura", "Saldo factura"]
    assert "20 dígitos" in " ".join(str(c.value) for row in book["Instrucciones"].iter_rows() for c in row)


def test_another_provider_s_request_is_invisible(client, users):
    mine = register(client, login(client, users["admin"]))[1]["solicitud_id"]
    other = login(client, users["other"])
    assert call(client, "GET", f"/cartera/solicitudes/{mine}", token=other)[0] == 404
    assert call(client, "GET", "/cartera/solicitudes", token=other)[1]["solicitudes"] == []
    assert call(client, "GET", "/cartera/solicitudes/no-existe", token=other)[0] == 404


def test_reads_are_in_the_access_log(client, users):
    token = login(client, users["delegate"])
    job_id = register(client, token)[1]["solicitud_id"]
    call(client, "GET", "/cartera/solicitudes", token=token)
    call(client, "GET", f"/cartera/solicitudes/{job_id}", token=token)
    routes = sorted((e.route, int(e.records)) for e in AccessLogRecord.query("NI#900123456"))
    assert routes == [("/cartera/solicitudes", 1), ("/cartera/solicitudes/{solicitud_id}", 1)]


def test_operators_see_cartera_jobs_with_their_execution(client, users):
    register(client, login(client, users["admin"]))
    create_operator(DocumentType.CC, "52000001", primer_nombre="Olga", primer_apellido="Operadora",
                    correo="ops@eps.example.co", password=factories.PASSWORD, must_change_password=False)
    token = login(client, "52000001")
    status, page = call(client, "GET", "/operaciones/procesos?canal=cartera", token=token)
    assert status == 200 and [(p["canal"], p["estado"]) for p in page["procesos"]] == [
        ("cartera", "ESPERANDO_ARCHIVO")]
    # Who and what (issue 22): the provider and the file as the user named it, not the S3 key.
    job = page["procesos"][0]
    assert job["prestador"] == {"tipo_documento": "NI", "numero_documento": "900123456",
                                "razon_social": "Clínica Demo del Valle S.A.S."}
    assert job["archivo"] == "cartera.xlsx"
    status, detail = call(client, "GET", f"/operaciones/procesos/{job['proceso_id']}", token=token)
    assert detail["prestador"] == job["prestador"] and detail["clave_s3"].startswith("cargas/cartera/")


def test_the_list_tells_how_many_requests_are_left_today_before_any_upload(client, users):
    token = login(client, users["admin"])
    page = call(client, "GET", "/cartera/solicitudes", token=token)[1]
    assert (page["consultas_restantes_hoy"], page["consultas_por_dia"]) == (3, 3)
    register(client, token)
    assert call(client, "GET", "/cartera/solicitudes", token=token)[1]["consultas_restantes_hoy"] == 2
