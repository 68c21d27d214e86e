"""Certificates and «Verificar certificado» through the API (chalice.test.Client, embedded AWS): the demo extracts
loaded through ingestion's own steps, the demo cotizante's session; the registry in DynamoDB; the verification
routes called with no token at all."""

from __future__ import annotations

import base64
import json
import re
from datetime import date, datetime, time

import pytest
from chalice.test import Client

from app import app
from chalicelib import wiring
from chalicelib.access_log.models import AccessLogRecord
from chalicelib.affiliate_accounts.principal import AFFILIATES_TENANT
from chalicelib.affiliates import demo
from chalicelib.affiliates.household import PERSON_NOT_FOUND
from chalicelib.certificates import verification
from chalicelib.common.clock import BOGOTA
from devstack.demo import DEMO_AFFILIATE, load_affiliate_account
from devstack.demodata import generate
from tests.affiliates.conftest import load
from tests.api.client import call
from tests.pdf_reading import pdf_codes, pdf_text

TODAY = date(2026, 3, 10)
OPENING = datetime.combine(TODAY, time(9, 0), BOGOTA)
EXTRACTS = ("providers", "afiliados", "grupo_familiar", "planes_pac", "documentos_pendientes")


@pytest.fixture
def client(aws):
    with Client(app) as test_client:
        yield test_client


@pytest.fixture
def family(aws, clock_at, tmp_path) -> dict:
    clock_at(OPENING.timestamp())
    generate(tmp_path, providers=2, invoices_per_provider=0, seed=5, today=TODAY)
    for entity in EXTRACTS:
        assert load(entity, (tmp_path / f"{entity}.csv").read_bytes()).rejected == [], entity
    load_affiliate_account()
    directory = wiring.affiliate_directory()
    return {person: directory.find(person.identity) for person in (*demo.FAMILY, demo.UNREGISTERED[0])}


@pytest.fixture
def token(client, family) -> str:
    status, session = call(client, "POST", "/afiliados/sesion", DEMO_AFFILIATE)
    assert status == 200
    return session["token"]


def generate_pdf(client, token: str, tipo: str, body: dict):
    return client.http.post(f"/afiliados/certificados/{tipo}", body=json.dumps(body),
                            headers={"Content-Type": "application/json", "Accept": "application/pdf",
                                     "Authorization": f"Bearer {token}"})


def sent_emails():
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    return list(ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages)


def test_the_cotizante_generates_his_adult_sons_certificate_and_a_stranger_verifies_it(client, family, token):
    son = family[demo.HIJO_MAYOR]
    status, page = call(client, "GET", "/afiliados/certificados", token=token)
    assert status == 200 and son.ref in [p["ref"] for p in page["personas"]]

    answer = generate_pdf(client, token, "afiliacion", {"persona": son.ref})
    assert answer.status_code == 200, answer.body
    assert answer.headers["Content-Type"] == "application/pdf" and answer.headers["Cache-Control"] == "no-store"
    name = re.search(r'filename="([^"]+)"', answer.headers["Content-Disposition"]).group(1)
    code = re.fullmatch(r"certificado-afiliacion-20260310-([2-9A-Z]{20})\.pdf", name).group(1)
    text = pdf_text(answer.body)
    assert son.doc_number in text and son.full_name in text and son.contact.celular not in text
    assert [c.text for c in pdf_codes(answer.body)] == [f"{wiring.get_settings().portal_url}/portal/#/verificar"
                                                        f"?codigo={code}"]

    [entry] = [e for e in AccessLogRecord.query(AFFILIATES_TENANT) if e.method == "POST"]
    params = entry.params.as_dict()
    assert (entry.person_id, entry.route, params["tipo"], params["codigo"]) == (
        demo.COTIZANTE.identity, "/afiliados/certificados/{tipo}", "afiliacion", code)
    assert params["persona"].startswith("hmac:") and son.ref not in str(params)

    [notice] = [m for m in sent_emails() if "Certificado generado" in m.subject]
    assert code in notice.body and son.full_name not in notice.body and son.doc_number not in notice.body

    status, found = call(client, "GET", f"/verificacion/{code}")  # no token: anyone who holds the paper
    assert status == 200
    assert (found["tipo"], found["iniciales"], found["documento_termina_en"]) == (
        "Certificado de afiliación", "A. F. G. T.", son.doc_number[-3:])
    status, by_file = call(client, "POST", "/verificacion/archivo",
                           {"contenido": base64.b64encode(answer.body).decode()})
    assert (status, by_file["codigo"]) == (200, code)

    altered = bytearray(answer.body)
    altered[len(altered) // 2] ^= 1
    status, refused = call(client, "POST", "/verificacion/archivo", {"contenido": base64.b64encode(altered).decode()})
    assert (status, refused["message"]) == (404, verification.FILE_MISMATCH)
    status, refused = call(client, "GET", "/verificacion/23456789ABCDEFGHJKLM")
    assert (status, refused["message"]) == (404, verification.UNKNOWN_CODE)


def test_another_persons_ref_is_a_404(client, family, token):
    for ref in (family[demo.UNREGISTERED[0]].ref, "no-such-ref"):
        answer = generate_pdf(client, token, "afiliacion", {"persona": ref})
        assert answer.status_code == 404
        assert json.loads(answer.body)["message"] == PERSON_NOT_FOUND


def test_without_a_session_no_certificate(client, family):
    status, _ = call(client, "POST", "/afiliados/certificados/afiliacion", {})
    assert status == 401


def test_verification_is_throttled_per_ip(client, family):
    headers = {"X-Forwarded-For": "203.0.113.7"}
    for _ in range(verification.LIMIT_PER_WINDOW):
        assert call(client, "GET", "/verificacion/23456789ABCDEFGHJKLM", headers=headers)[0] == 404
    answer = client.http.get("/verificacion/23456789ABCDEFGHJKLM", headers=headers)
    assert answer.status_code == 429 and int(answer.headers["Retry-After"]) > 0
