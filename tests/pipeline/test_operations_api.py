"""Operators: their own accounts and login, the jobs of every pipeline, refused to provider users."""

from __future__ import annotations

import urllib.parse

import pytest
from chalice.test import Client

from app import app
from chalicelib.common.identifiers import DocumentType
from chalicelib.operations.accounts import create_operator
from tests import factories
from tests.api.client import call
from tests.pipeline.helpers import load

ROW = "{nit};FE;{n};FE{n};001;2026-10-01;1000;R{n};2026-10-02;radicada"
HEADER = ("NIT;Prefijo;Sufijo;Número factura;Sucursal;Fecha factura;Valor factura;Número radicado;"
          "Fecha radicación;Estado\n")


@pytest.fixture
def client(pipelines):
    with Client(app) as test_client:
        yield test_client


@pytest.fixture
def operator_token(client):
    create_operator(DocumentType.CC, "31000111", primer_nombre="Olga", primer_apellido="Mejía",
                    correo="olga@eps.example.co", password="Operadora2024", must_change_password=False)
    status, session = call(client, "POST", "/sesion", {"tipo_documento": "CC", "numero_documento": "31000111",
                                                        "contrasena": "Operadora2024"})
    assert status == 200 and session["rol"] == "OPERADOR"
    return session["token"]


def test_operator_lists_and_inspects_jobs(client, operator_token):
    factories.provider("900123456")
    nit = factories.nit_with_dv("900123456")
    good = load("ingest/invoices/buena.csv", (HEADER + ROW.format(nit=nit, n=1) + "\n").encode())
    bad = load("ingest/invoices/mala.csv", (HEADER + ROW.format(nit="900123456-0", n=2) + "\n").encode())
    status, page = call(client, "GET", "/operaciones/procesos?limite=10", token=operator_token)
    assert status == 200
    assert [p["proceso_id"] for p in page["procesos"]] == [bad.job_id, good.job_id]

    status, detail = call(client, "GET", f"/operaciones/procesos/{bad.job_id}", token=operator_token)
    assert status == 200
    assert (detail["estado"], detail["estado_ejecucion"], detail["filas_rechazadas"]) == (
        "FINALIZADO_CON_RECHAZOS", "SUCCEEDED", 1)
    assert detail["ejecucion_arn"].startswith("arn:aws:states:")
    link = urllib.parse.urlparse(detail["reporte_rechazos_url"])
    assert link.path.endswith("rechazados-mala.csv")
    assert call(client, "GET", "/operaciones/procesos/no-existe", token=operator_token)[0] == 404


def test_entity_catalogue_documents_the_columns(client, operator_token):
    status, catalog = call(client, "GET", "/operaciones/entidades", token=operator_token)
    assert status == 200
    invoices = next(e for e in catalog["entidades"] if e["entidad"] == "invoices")
    assert invoices["carpeta"] == "ingest/invoices/"
    assert {"columna": "Sufijo", "obligatoria": True}.items() <= next(
        c for c in invoices["columnas"] if c["columna"] == "Sufijo").items()


def test_provider_users_cannot_see_operations_and_operators_cannot_see_provider_menus(client, operator_token):
    admin = factories.person("1000000001")
    factories.membership(admin, factories.provider("900123456"))
    status, session = call(client, "POST", "/sesion", {"tipo_documento": "CC", "numero_documento": "1000000001",
                                                        "contrasena": factories.PASSWORD})
    for path in ("/operaciones/procesos", "/operaciones/entidades"):
        status, body = call(client, "GET", path, token=session["token"])
        assert (status, body["code"]) == (403, "OPERATOR_ONLY")
    status, body = call(client, "GET", "/usuarios", token=operator_token)
    assert (status, body["code"]) == (403, "ADMIN_ONLY")
