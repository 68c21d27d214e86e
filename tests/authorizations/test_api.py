"""Autorizaciones Médicas through the API (chalice.test.Client, embedded AWS): the demo extracts loaded through
ingestion, the demo cotizante's session from the login route. Whom he sees, the filters, the actions, the copy
(only ENTREGADA; another's OPS is a 404), MIPRES, and every read in the access log without a document number."""

from __future__ import annotations

import json
from datetime import datetime, time

import pytest
from chalice.test import Client

from app import app
from chalicelib import wiring
from chalicelib.access_log.models import AccessLogRecord
from chalicelib.affiliate_accounts.principal import AFFILIATES_TENANT
from chalicelib.affiliates import demo as people
from chalicelib.authorizations import demo
from chalicelib.authorizations.service import COPY_ONLY_DELIVERED, NO_MIPRES
from chalicelib.common.clock import BOGOTA
from devstack.demo import DEMO_AFFILIATE, load_affiliate_account
from devstack.demodata import generate
from tests.affiliates.conftest import TODAY, load
from tests.api.client import call
from tests.authorizations.test_loads import csv_bytes
from tests.pdf_reading import pdf_text

OPENING = datetime.combine(TODAY, time(9, 0), BOGOTA)


@pytest.fixture
def client(aws):
    with Client(app) as test_client:
        yield test_client


@pytest.fixture
def family(aws, clock_at, tmp_path) -> dict:
    clock_at(OPENING.timestamp())
    generate(tmp_path, providers=2, invoices_per_provider=0, seed=5, today=TODAY)
    for entity in ("providers", "afiliados", "grupo_familiar"):
        assert load(entity, (tmp_path / f"{entity}.csv").read_bytes()).rejected == [], entity
    spouse_ops = {**demo.ops_rows(TODAY)[3], "No. Autorización": "99000001", "Tipo documento": people.CONYUGE.doc_type,
                  "Número documento": people.CONYUGE.doc_number}
    for entity, rows in (("ops_afiliados", [*demo.ops_rows(TODAY), spouse_ops]), ("mipres", demo.mipres_rows(TODAY)),
                         ("copagos", demo.copago_rows(TODAY))):
        assert load(entity, csv_bytes(rows)).rejected == [], entity
    load_affiliate_account()
    directory = wiring.affiliate_directory()
    return {person: directory.find(person.identity) for person in people.FAMILY}


@pytest.fixture
def token(client, family) -> str:
    status, session = call(client, "POST", "/afiliados/sesion", DEMO_AFFILIATE)
    assert status == 200
    return session["token"]


def get(client, path: str, token: str):
    response = client.http.get(path, headers={"Authorization": f"Bearer {token}"})
    body = json.loads(response.body) if response.headers.get("Content-Type", "").startswith("application/json") \
        else response.body
    return response.status_code, body


def test_the_cotizantes_requests_with_their_actions(client, family, token):
    status, page = get(client, "/afiliados/autorizaciones", token)
    assert status == 200
    assert page["persona"] == family[people.COTIZANTE].ref
    assert page["personas"][0]["ref"] == family[people.COTIZANTE].ref
    assert {p["ref"] for p in page["personas"]} == {family[p].ref for p in (people.COTIZANTE, people.MENOR_1,
                                                                            people.MENOR_2)}
    by_state = {}
    for row in page["solicitudes"]:
        by_state.setdefault(row["estado"], []).append(row)
    assert set(by_state) == {"AUTORIZADA", "EN PROCESO", "ENTREGADA", "NEGADA", "ANULADA", "VENCIDA"}
    assert [r["acciones"] for r in by_state["AUTORIZADA"]] == [["PAGAR"], []]  # the second is paid at the IPS
    assert all(r["acciones"] == ["COPIA"] for r in by_state["ENTREGADA"])
    assert by_state["NEGADA"][0]["observaciones"] == "No cumple criterios de pertinencia médica"
    assert page["datos_basicos"]["numero_documento"] == people.COTIZANTE.doc_number


def test_a_minor_by_ref_and_anyone_else_404(client, family, token):
    status, page = get(client, f"/afiliados/autorizaciones?afiliado={family[people.MENOR_1].ref}", token)
    assert status == 200 and {r["estado"] for r in page["solicitudes"]} == {"AUTORIZADA", "ENTREGADA", "EN PROCESO"}
    for other in (people.CONYUGE, people.HIJO_MAYOR):
        for path in ("/afiliados/autorizaciones", "/afiliados/mipres"):
            assert get(client, f"{path}?afiliado={family[other].ref}", token)[0] == 404
    assert get(client, "/afiliados/autorizaciones?mes=2026-13", token)[0] == 422
    assert client.http.get("/afiliados/autorizaciones").status_code == 401


def test_the_month_filter_and_the_pages(client, family, token):
    month = TODAY.isoformat()[:7]
    status, page = get(client, f"/afiliados/autorizaciones?mes={month}&pagina=1", token)
    assert status == 200 and page["solicitudes"] and page["hay_mas"] is False
    assert all(r["fecha"].startswith(month) for r in page["solicitudes"])
    status, empty = get(client, "/afiliados/autorizaciones?mes=2001-01", token)
    assert (status, empty["solicitudes"]) == (200, [])


def test_the_copy_only_of_a_delivered_ops_of_ones_own(client, family, token):
    rows = demo.ops_rows(TODAY)
    delivered = next(r for r in rows if r["Estado"] == "ENTREGADA" and r["Tipo documento"] == "TI")
    response = client.http.get(f"/afiliados/autorizaciones/{delivered['No. Autorización']}/copia",
                               headers={"Authorization": f"Bearer {token}", "Accept": "application/pdf"})
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    text = pdf_text(response.body)
    assert delivered["No. Autorización"] in text and family[people.MENOR_1].full_name in text
    authorised = next(r for r in rows if r["Estado"] == "AUTORIZADA")
    status, body = get(client, f"/afiliados/autorizaciones/{authorised['No. Autorización']}/copia", token)
    assert (status, body["message"]) == (409, COPY_ONLY_DELIVERED)
    for numero in ("99000001", "12345"):  # the spouse's (an adult: her own account only), and nobody's
        assert get(client, f"/afiliados/autorizaciones/{numero}/copia", token)[0] == 404


def test_mipres_per_person_and_empty(client, family, token):
    status, page = get(client, "/afiliados/mipres", token)
    assert status == 200
    assert [(r["servicio"], r["estado"]) for r in page["prescripciones"]] == [
        ("SUPLEMENTO NUTRICIONAL EN POLVO", "EN PROCESO"), ("DORZOLAMIDA SOLUCION OFTALMICA", "AUTORIZADA")]
    status, empty = get(client, f"/afiliados/mipres?afiliado={family[people.MENOR_2].ref}", token)
    assert (status, empty["prescripciones"], empty["mensaje"]) == (200, [], NO_MIPRES)


def test_every_read_is_in_the_access_log_without_documents(client, family, token):
    get(client, "/afiliados/autorizaciones?mes=2026-03", token)
    get(client, "/afiliados/mipres", token)
    get(client, f"/afiliados/mipres?afiliado={family[people.HIJO_MAYOR].ref}", token)
    entries = list(AccessLogRecord.query(AFFILIATES_TENANT))
    assert sorted((e.route, int(e.status)) for e in entries) == [
        ("/afiliados/autorizaciones", 200), ("/afiliados/mipres", 200), ("/afiliados/mipres", 404)]
    logged = json.dumps([[e.route, e.params.as_dict()] for e in entries])
    assert "2026-03" in logged and not any(p.doc_number in logged for p in people.FAMILY)


def test_an_ops_the_eps_gives_to_another_person_is_no_longer_the_first_ones(client, family, token):
    """The EPS corrects whose OPS it is: the daughter's delivered OPS is the spouse's (an adult: 404 to the
    cotizante from now on), and the spouse's is the younger son's (listed once under him, his copy served)."""
    rows = demo.ops_rows(TODAY)
    daughters = next(r for r in rows if r["Estado"] == "ENTREGADA" and r["Tipo documento"] == "TI")
    spouses = {**rows[3], "No. Autorización": "99000001", "Tipo documento": people.CONYUGE.doc_type,
               "Número documento": people.CONYUGE.doc_number}
    corrected = [{**daughters, "Tipo documento": people.CONYUGE.doc_type,
                  "Número documento": people.CONYUGE.doc_number},
                 {**spouses, "Tipo documento": people.MENOR_2.doc_type, "Número documento": people.MENOR_2.doc_number}]
    assert load("ops_afiliados", csv_bytes(corrected)).rejected == []

    def listed(person) -> list[str]:
        status, page = get(client, f"/afiliados/autorizaciones?afiliado={family[person].ref}", token)
        assert status == 200
        return [r["no_autorizacion"] for r in page["solicitudes"]]

    assert daughters["No. Autorización"] not in listed(people.MENOR_1) + listed(people.COTIZANTE)
    status, body = get(client, f"/afiliados/autorizaciones/{daughters['No. Autorización']}/copia", token)
    assert (status, body["code"]) == (404, "OPS_NOT_FOUND")
    assert listed(people.MENOR_2) == ["99000001"]
    response = client.http.get("/afiliados/autorizaciones/99000001/copia",
                               headers={"Authorization": f"Bearer {token}", "Accept": "application/pdf"})
    assert response.status_code == 200 and family[people.MENOR_2].full_name in pdf_text(response.body)
