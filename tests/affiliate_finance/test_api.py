"""Pagos y Factura de Venta and Incapacidades through the API (chalice.test.Client, embedded AWS): the demo extracts
loaded through ingestion's own steps, the demo cotizante's session from the login route, the PDFs read back, the
cartera emailed through SES, the access log written without documents."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

import pytest
from chalice.test import Client

from app import app
from chalicelib import wiring
from chalicelib.access_log.models import AccessLogRecord
from chalicelib.affiliate_accounts.principal import AFFILIATES_TENANT
from chalicelib.affiliate_finance import demo as finance_demo
from chalicelib.affiliate_finance.access import ONLY_COTIZANTES
from chalicelib.affiliates import demo
from chalicelib.affiliates.types import AffiliatePrincipal
from chalicelib.common.clock import BOGOTA
from chalicelib.common.errors import PermissionDenied
from devstack.demo import DEMO_AFFILIATE, load_affiliate_account
from devstack.demodata import generate
from tests.affiliate_finance.reading import body_text
from tests.affiliates.conftest import csv_of, load
from tests.pdf_reading import pdf_codes

TODAY = date(2026, 3, 10)
OPENING = datetime.combine(TODAY, time(9, 0), BOGOTA)
EXTRACTS = ("providers", "afiliados", "grupo_familiar", "planes_pac", *finance_demo.ENTITIES)
OPEN_INVOICE = finance_demo.invoice_number(date(2026, 3, 1))


@pytest.fixture
def client(aws, clock_at, tmp_path):
    clock_at(OPENING.timestamp())
    generate(tmp_path, providers=2, invoices_per_provider=0, seed=5, today=TODAY)
    for entity in EXTRACTS:
        assert load(entity, (tmp_path / f"{entity}.csv").read_bytes()).rejected == [], entity
    load_affiliate_account()
    with Client(app) as test_client:
        yield test_client


def request(client, method: str, path: str, token: str | None = None, body=None):
    headers = {"Content-Type": "application/json", "Accept": "application/pdf, application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return client.http.request(method, path, headers=headers, body=json.dumps(body).encode() if body else b"")


def as_json(response):
    return json.loads(response.body)


@pytest.fixture
def token(client) -> str:
    response = request(client, "POST", "/afiliados/sesion", body=DEMO_AFFILIATE)
    assert response.status_code == 200
    return as_json(response)["token"]


def test_consultar_y_pagar_and_the_invoice_pdf(client, token):
    page = as_json(request(client, "GET", "/afiliados/factura-pac", token))
    assert page["independiente"] and [o["nombre"] for o in page["operadores"]] == ["ASOPAGOS S.A.S", "SIMPLE S.A."]
    assert page["factura"]["numero_factura"] == OPEN_INVOICE and page["factura"]["saldo"] == finance_demo.PAC_FEE
    response = request(client, "GET", "/afiliados/factura-pac/pdf", token)
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert "factura-pac-20260310-" in response.headers["Content-Disposition"]
    due = (TODAY + timedelta(days=15)).strftime("%Y%m%d")
    barcode = next(c for c in pdf_codes(response.body) if c.format == "Code128")
    assert barcode.text == f"(415)7709998000018(8020){OPEN_INVOICE}(3900){finance_demo.PAC_FEE}(96){due}"


def test_paid_online_shows_paid_until_an_extract_confirms_it(client, token):
    payable = wiring.pac_invoice_payable()
    cotizante = AffiliatePrincipal(demo.COTIZANTE.identity, "s", False)
    stranger = AffiliatePrincipal(demo.UNREGISTERED[0].identity, "s", False)
    assert payable.describe(stranger, OPEN_INVOICE) is None  # another's invoice: the gateway answers 404
    assert payable.describe(cotizante, OPEN_INVOICE).amount == finance_demo.PAC_FEE
    payable.settle("ref", OPEN_INVOICE, "pay-1", OPENING)
    page = as_json(request(client, "GET", "/afiliados/factura-pac", token))
    assert page["factura"] is None and [p["numero_factura"] for p in page["pagadas_en_linea"]] == [OPEN_INVOICE]
    assert request(client, "GET", "/afiliados/factura-pac/pdf", token).status_code == 404
    row = {"Número factura": OPEN_INVOICE, "Tipo documento responsable": "CC",
           "Número documento responsable": demo.COTIZANTE.doc_number, "Plan": demo.PAC_PLAN,
           "Contrato": demo.PAC_CONTRACT, "Periodo": "2026-03", "Fecha emisión": "2026-03-02",
           "Fecha límite": "2026-03-25", "Valor": "185000", "Saldo": "0", "Estado": "PAGADA"}
    assert load("facturas_pac", csv_of("facturas_pac", [row])).rejected == []
    assert as_json(request(client, "GET", "/afiliados/factura-pac", token))["pagadas_en_linea"] == []


def test_the_cartera_pdf_names_the_month_owed_and_is_emailed(client, token, mailbox):
    response = request(client, "POST", "/afiliados/cartera/pdf", token, {"tipo": "PBS"})
    assert response.status_code == 200
    owed = date(2025, 12, 1)
    assert f"{owed:%Y-%m} $ 285.000 $ 0 $ 285.000" in body_text(response.body)
    [message] = [m for m in mailbox() if "Cartera" in m.raw_data]
    assert set(message.destinations) == {"luis.gomez789@correo.example.co"}
    assert "application/pdf" in message.raw_data and "cartera-pbs-20260310-" in message.raw_data


def test_history_range_errors_and_the_pdf(client, token):
    refused = request(client, "POST", "/afiliados/historial-pagos/pdf", token, {"desde": "2026-02", "hasta": "2026-04"})
    assert refused.status_code == 422
    assert as_json(refused)["errores"] == [{"campo": "hasta", "mensaje": "\"Hasta\" no puede ser posterior al periodo "
                                                                         "actual (2026-03)"}]
    response = request(client, "POST", "/afiliados/historial-pagos/pdf", token,
                       {"desde": "2025-01", "hasta": "2026-03"})
    text = body_text(response.body)
    assert response.status_code == 200 and "2025-01 CC 1032456789" in text and "2025-12 CC" not in text


def test_incapacidades_certificates_and_the_afp_report(client, token):
    found = as_json(request(client, "GET", "/afiliados/incapacidades", token))["resultados"]
    assert sorted(r["estado"] for r in found) == sorted(finance_demo.INCAPACIDAD_STATES)
    assert all("diagnostico" not in r for r in found)
    for row in found:
        response = request(client, "GET", f"/afiliados/incapacidades/{row['id']}/certificado", token)
        assert response.status_code == (200 if row["certificado"] else 409), row["estado"]
    assert request(client, "GET", "/afiliados/incapacidades/0123456789abcdef01234567/certificado",
                   token).status_code == 404
    refused = request(client, "GET", "/afiliados/incapacidades?fecha_inicio=2026-13-01&fecha_fin=2026-03-01", token)
    assert refused.status_code == 422 and [e["campo"] for e in as_json(refused)["errores"]] == ["fecha_inicio"]
    report = request(client, "GET", "/afiliados/incapacidades/informe", token)
    assert report.status_code == 200 and "INFORME PRESTACIONES ECONÓMICAS" in body_text(report.body)
    entries = list(AccessLogRecord.query(AFFILIATES_TENANT))
    assert {e.route for e in entries} >= {"/afiliados/incapacidades", "/afiliados/incapacidades/informe",
                                          "/afiliados/incapacidades/{incapacidad_id}/certificado"}
    logged = json.dumps([[e.route, e.params.as_dict()] for e in entries])
    assert demo.COTIZANTE.doc_number not in logged


def test_a_beneficiary_is_refused_incapacidades(client):
    minor = AffiliatePrincipal(demo.MENOR_1.identity, "s", False)
    with pytest.raises(PermissionDenied, match=ONLY_COTIZANTES):
        wiring.affiliate_incapacidades().search(minor, None, None)


@pytest.fixture
def mailbox(aws):
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    return lambda: list(ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages)
