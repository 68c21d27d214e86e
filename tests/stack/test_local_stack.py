"""Smoke test of `make run`: the real local server, over HTTP, in its own process."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from devstack.embedded_aws import free_port

ROOT = Path(__file__).resolve().parents[2]


def http(method: str, url: str, body=None, token: str | None = None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)  # noqa: S310 (loopback only)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


@pytest.fixture(scope="module")
def stack_endpoints():
    """(API address, embedded AWS address) of a `make run` started for this module."""
    port, aws_port = free_port(), free_port()
    process = subprocess.Popen([sys.executable, "-m", "devstack.server", "--port", str(port), "--aws-port",
                                str(aws_port)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if http("GET", f"{base}/health")[0] == 200:
                break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail(f"the local stack did not answer /health: {process.stdout.read()}")
    yield base, f"http://127.0.0.1:{aws_port}"
    process.terminate()
    process.wait(timeout=20)
    assert process.returncode == 0


@pytest.fixture(scope="module")
def stack(stack_endpoints):
    return stack_endpoints[0]


def test_health_and_openapi(stack):
    assert http("GET", f"{stack}/health") == (200, {"estado": "ok"})
    status, document = http("GET", f"{stack}/openapi.json")
    assert status == 200 and "/registro" in document["paths"]


def test_demo_admin_logs_in(stack):
    from devstack.demo import DEMO_ADMIN

    status, session = http("POST", f"{stack}/sesion", DEMO_ADMIN)
    assert status == 200
    assert http("GET", f"{stack}/sesion", token=session["token"])[0] == 200


def test_demo_data_arrived_through_the_pipeline(stack):
    from devstack.demo import DEMO_OPERATOR

    status, session = http("POST", f"{stack}/sesion", DEMO_OPERATOR)
    assert status == 200
    status, page = http("GET", f"{stack}/operaciones/procesos", token=session["token"])
    assert status == 200
    assert sorted(p["entidad"] for p in page["procesos"]) == [
        "afiliados", "aportes", "authorizations", "cartera_pbs", "copagos", "documentos_pendientes", "facturas_pac",
        "glosas", "grupo_familiar", "incapacidades", "invoices", "mipres", "ops_afiliados", "pagos_pac", "payments",
        "planes_pac", "providers"]
    assert {p["estado"] for p in page["procesos"]} == {"FINALIZADO"}


def test_register_a_demo_provider_and_log_in_with_the_emailed_password(stack, tmp_path):
    from devstack import demo

    demo.generate_files(tmp_path)
    nit, razon_social = demo.providers_in(tmp_path)[1]
    assert http("POST", f"{stack}/registro/validar", {"tipo_documento": "NI", "numero_documento": nit})[0] == 200
    applicant = {"tipo_documento": "CC", "numero_documento": "52111222", "primer_nombre": "Marta",
                 "primer_apellido": "Suárez", "cargo": "Auxiliar de facturación", "area": "Facturación",
                 "departamento": "Valle del Cauca", "ciudad": "Cali", "celular": "3104445566",
                 "correo": "marta@hospitalandino.example.co", "correo_confirmacion": "marta@hospitalandino.example.co"}
    status, body = http("POST", f"{stack}/registro",
                        {"prestador": {"tipo_documento": "NI", "numero_documento": nit}, "solicitante": applicant,
                         "acepta_terminos": True})
    assert status == 202, body
    # The confirmation goes to the provider's address in the EPS registry (the providers extract).
    status, mails = http("GET", f"{stack}/_local/buzon")
    confirmation = next(m for m in mails if m["asunto"] == "Nuevo usuario administrador Oficina Virtual SOS EPS"
                        and "marta@hospitalandino[.]example[.]co" in m["cuerpo"])  # typed text, inert
    assert confirmation["para"] != ["marta@hospitalandino.example.co"]
    code = re.search(r"Código de confirmación: (\S+)", confirmation["cuerpo"]).group(1)
    assert http("POST", f"{stack}/registro/confirmar", {"codigo": code})[0] == 201
    status, mails = http("GET", f"{stack}/_local/buzon")
    mine = [m for m in mails if m["para"] == ["marta@hospitalandino.example.co"]]
    credentials = next(m for m in mine if m["asunto"] == "Respuesta solicitud de registro")
    password = re.search(r"Contraseña: (\S+)", credentials["cuerpo"]).group(1)
    status, session = http("POST", f"{stack}/sesion", {"tipo_documento": "CC", "numero_documento": "52111222",
                                                        "contrasena": password})
    assert status == 200
    assert session["prestador_actual"]["razon_social"] == razon_social


def test_a_stopped_execution_ends_its_job_failed_on_the_local_stack(stack_endpoints):
    import boto3

    from chalicelib.ingest.pipeline import UploadedObject, job_id_for
    from devstack.demo import DEMO_OPERATOR
    from devstack.environment import stage_environment

    base, aws = stack_endpoints
    env = stage_environment("local")
    session = boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1")
    leases = f"{env['TABLE_PREFIX']}leases"
    dynamodb = session.client("dynamodb", endpoint_url=aws)
    dynamodb.put_item(TableName=leases, Item={  # another load of invoices holds the slot: ours waits
        "lease_key": {"S": "ingest#invoices"}, "holder": {"S": "otra-carga"},
        "holder_until": {"N": str(int(time.time()) + 600)}})
    key = "ingest/invoices/detenida.csv"
    body = b"NIT;Prefijo;Sufijo;N\xc3\xbamero factura;Fecha factura;Valor factura;Estado\n" \
           b"900123456-8;FE;99;FE99;2024-01-15;1000;radicada\n"
    put = session.client("s3", endpoint_url=aws).put_object(Bucket=env["DATA_BUCKET"], Key=key, Body=body)
    job_id = job_id_for(UploadedObject(env["DATA_BUCKET"], key, put.get("VersionId"), put["ETag"], len(body)))
    token = http("POST", f"{base}/sesion", DEMO_OPERATOR)[1]["token"]

    def job_state(expected: str) -> dict:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            status, job = http("GET", f"{base}/operaciones/procesos/{job_id}", token=token)
            if status == 200 and job["estado"] == expected:
                return job
            time.sleep(0.3)
        pytest.fail(f"the job never reached {expected}")

    waiting = job_state("EN_ESPERA")
    session.client("stepfunctions", endpoint_url=aws).stop_execution(executionArn=waiting["ejecucion_arn"])
    failed = job_state("FALLIDO")
    assert "States.ABORTED" in failed["error"] and failed["estado_ejecucion"] == "ABORTED"
    dynamodb.delete_item(TableName=leases, Key={"lease_key": {"S": "ingest#invoices"}})


def test_the_survey_answered_from_several_tabs_at_once_counts_once(stack):
    """Four tabs send the month's answer together: one is accepted, the others get 409, the report counts one."""
    import threading

    from devstack.demo import DEMO_ADMIN, DEMO_OPERATOR

    token = http("POST", f"{stack}/sesion", DEMO_ADMIN)[1]["token"]
    offer = http("GET", f"{stack}/encuesta", token=token)[1]
    answer = {q["clave"]: q["opciones"][-1]["valor"] for q in offer["preguntas"]}
    start, statuses = threading.Barrier(4), []

    def tab():
        start.wait()
        statuses.append(http("POST", f"{stack}/encuesta/respuesta", answer, token=token)[0])

    tabs = [threading.Thread(target=tab) for _ in range(4)]
    for thread in tabs:
        thread.start()
    for thread in tabs:
        thread.join()
    assert sorted(statuses) == [201, 409, 409, 409]
    operator = http("POST", f"{stack}/sesion", DEMO_OPERATOR)[1]["token"]
    month = offer["periodo"]
    status, report = http("GET", f"{stack}/operaciones/encuesta/informe?desde={month}&hasta={month}"
                                 "&canal=proveedores", token=operator)
    assert status == 200 and [row["respuestas"] for row in report["filas"]] == [1]


def test_the_demo_affiliate_is_registered_and_sees_his_family(stack):
    from devstack.demo import DEMO_AFFILIATE

    status, session = http("POST", f"{stack}/afiliados/sesion", DEMO_AFFILIATE)
    assert status == 200 and session["debe_cambiar_contrasena"] is False
    status, home = http("GET", f"{stack}/afiliados/inicio", token=session["token"])
    assert status == 200 and home["datos_personales"]["numero_documento"] == DEMO_AFFILIATE["numero_documento"]
    assert len(home["grupo_familiar"]) == 4 and home["pac"]
