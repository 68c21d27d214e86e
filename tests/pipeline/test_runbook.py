"""docs/runbook.md § 3.1, step by step through the API as the runbook's commands do: an operator finds a
FALLIDO load in the jobs list, reads its error, asks for a re-run, and the load finishes."""

from __future__ import annotations

import pytest
from chalice.test import Client

from app import app
from chalicelib.common.identifiers import DocumentType
from chalicelib.ingest import service
from chalicelib.operations.accounts import create_operator
from devstack.uploads import wait_for_job
from tests import factories
from tests.api.client import call
from tests.pipeline.helpers import load

HEADER = ("NIT;Prefijo;Sufijo;Número factura;Sucursal;Fecha factura;Valor factura;Número radicado;"
          "Fecha radicación;Estado\n")


@pytest.fixture
def client(pipelines):
    with Client(app) as test_client:
        yield test_client


def test_an_operator_reruns_a_failed_load_as_the_runbook_says(client, monkeypatch):
    create_operator(DocumentType.CC, "31000222", primer_nombre="Olga", primer_apellido="Mejía",
                    correo="olga@eps.example.co", password="Operadora2024", must_change_password=False)
    factories.provider("900123456")
    real_write = service.write
    monkeypatch.setattr(service, "write", lambda entity, records: (_ for _ in ()).throw(ConnectionError("caída")))
    row = f"{factories.nit_with_dv('900123456')};FE;7;FE7;001;2026-10-01;1000;R7;2026-10-02;radicada"
    failed = load("ingest/invoices/caida.csv", (HEADER + row + "\n").encode())
    assert failed.status == "FALLIDO"
    monkeypatch.setattr(service, "write", real_write)  # the cause is fixed

    status, session = call(client, "POST", "/sesion", {"tipo_documento": "CC", "numero_documento": "31000222",
                                                        "contrasena": "Operadora2024"})
    assert status == 200
    token = session["token"]
    status, page = call(client, "GET", "/operaciones/procesos?canal=ingest&limite=20", token=token)
    assert status == 200
    job = next(p for p in page["procesos"] if p["estado"] == "FALLIDO")
    assert job["proceso_id"] == failed.job_id and job["archivo"] and job["error"]
    status, detail = call(client, "GET", f"/operaciones/procesos/{job['proceso_id']}", token=token)
    assert status == 200 and detail["estado"] == "FALLIDO" and detail["ejecucion_arn"]

    status, retried = call(client, "POST", f"/operaciones/procesos/{job['proceso_id']}/reintento", token=token)
    assert status == 202 and retried["estado"] != "FALLIDO"
    assert wait_for_job(failed.job_id, 60).status == "FINALIZADO"
