"""The operators' affiliate queues through the API (moto): operators only, decisions mailed and audited, each
list and export in the access log, the export as a file. The affiliates' data come from the in-memory directory
(the affiliates' repository is another helper's); the requests, files and emails are the real ones."""

from __future__ import annotations

import base64
from datetime import date
from urllib.parse import unquote, urlparse

import pytest

from chalicelib import wiring
from chalicelib.access_log.models import AccessLogRecord
from chalicelib.accounts.permissions import OPERATIONS_TENANT
from chalicelib.affiliates.schemas import SupportsSubmission
from chalicelib.affiliates.types import Contact, PendingDocument
from chalicelib.audit.models import AuditEventRecord
from chalicelib.common.aws import client as aws_client
from chalicelib.common.identifiers import DocumentType
from chalicelib.common.validation import parse_body
from chalicelib.config import get_settings
from chalicelib.operations.accounts import create_operator
from tests import factories
from tests.affiliates.fakes import affiliate, ips_site
from tests.affiliates.micuenta.fakes import ExportableDirectory, beneficiary, caller
from tests.api.client import call, login

PDF = b"%PDF-1.5\n" + b"7" * 500


@pytest.fixture
def directory(aws):
    found = ExportableDirectory()
    found.add_site(ips_site())
    wiring.use_affiliate_directory(found)
    yield found
    wiring.use_affiliate_directory(None)


@pytest.fixture
def tokens(client):
    factories.membership(factories.person("1000000001"), factories.provider())
    create_operator(DocumentType.CC, "31000111", primer_nombre="Olga", primer_apellido="Mejía",
                    correo="olga@eps.example.co", password="Operadora2024", must_change_password=False)
    return {"admin": login(client, "1000000001"), "operator": login(client, "31000111", "Operadora2024")}


@pytest.fixture
def sent(directory):
    me = directory.add(affiliate("CC", "1032456789"))
    child = directory.add(beneficiary("TI", "1107000111", date(2014, 6, 1), "SOFIA"))
    directory.link(me, child)
    directory.add_document(PendingDocument(child.identity, "TARJETA DE IDENTIDAD", date(2026, 1, 1)))
    wiring.affiliate_documents().send(caller(me), parse_body(SupportsSubmission, {"archivos": [{
        "ref": child.ref, "tipo_soporte": "TARJETA DE IDENTIDAD", "nombre_archivo": "ti.pdf",
        "contenido": base64.b64encode(PDF).decode()}]}))
    return me


def test_operators_only(client, tokens, directory):
    for path in ("/operaciones/afiliados/documentos", "/operaciones/afiliados/cambios-ips",
                 "/operaciones/afiliados/novedades"):
        assert call(client, "GET", path)[0] == 401
        assert call(client, "GET", path, token=tokens["admin"])[0] == 403


def test_a_support_is_listed_with_a_working_link_and_returned_with_a_reason(client, tokens, sent, mailbox):
    status, queue = call(client, "GET", "/operaciones/afiliados/documentos", token=tokens["operator"])
    assert status == 200
    [item] = queue["documentos"]
    assert (item["numero_documento"], item["tipo_soporte"], item["estado"]) == ("1107000111",
                                                                                "TARJETA DE IDENTIDAD", "RECIBIDO")
    key = unquote(urlparse(item["enlace"]).path).split(get_settings().data_bucket + "/", 1)[-1].lstrip("/")
    assert key.startswith("afiliados/soportes/")
    stored = aws_client("s3").get_object(Bucket=get_settings().data_bucket, Key=key)
    assert (stored["Body"].read(), stored["ContentType"]) == (PDF, "application/pdf")
    status, refused = call(client, "POST", f"/operaciones/afiliados/documentos/{item['envio']}/decision",
                          {"decision": "DEVOLVER"}, token=tokens["operator"])
    assert status == 422 and refused["errores"] == [{"campo": "motivo",
                                                    "mensaje": "Indique el motivo de la devolución"}]
    path = f"/operaciones/afiliados/documentos/{item['envio']}/decision"
    body = {"decision": "DEVOLVER", "motivo": "La imagen está borrosa"}
    assert call(client, "POST", path, body, token=tokens["operator"]) == (200, {
        "mensaje": "Decisión registrada y enviada al afiliado", "estado": "DEVUELTO"})
    assert call(client, "POST", path, body, token=tokens["operator"])[0] == 409
    last = mailbox()[-1]
    assert last.destinations["ToAddresses"] == [sent.contact.correo] and "La imagen está borrosa" in last.body
    [event] = [e for e in AuditEventRecord.query(OPERATIONS_TENANT) if e.event == "AFILIADO_SOPORTE_DECIDIDO"]
    assert (event.subject_id, event.details.as_dict()) == (item["envio"], {"estado": "DEVUELTO"})
    [read] = [e for e in AccessLogRecord.query(OPERATIONS_TENANT)
              if e.route == "/operaciones/afiliados/documentos"]
    assert read.records == 1


def test_an_unknown_support_or_state_is_refused(client, tokens, directory):
    assert call(client, "POST", "/operaciones/afiliados/documentos/nope/decision", {"decision": "ACEPTAR"},
                token=tokens["operator"])[0] == 404
    status, refused = call(client, "GET", "/operaciones/afiliados/documentos?estado=OTRO", token=tokens["operator"])
    assert status == 422 and refused["errores"][0]["campo"] == "estado"


def test_the_novedades_export_is_a_csv_with_formulas_neutralised(client, tokens, sent, directory):
    directory.record([sent.identity], Contact(barrio="@SUM(A1)"), at=wiring.clock.now(), channel="PORTAL_AFILIADOS")
    response = client.http.get("/operaciones/afiliados/novedades?formato=csv",
                               headers={"Authorization": f"Bearer {tokens['operator']}"})
    assert response.status_code == 200 and response.headers["Content-Type"] == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.body.decode("utf-8") if isinstance(response.body, bytes) else response.body
    assert "'@SUM(A1)" in text and "1032456789" in text
    status, refused = call(client, "GET", "/operaciones/afiliados/novedades?formato=pdf", token=tokens["operator"])
    assert status == 422 and refused["errores"][0]["campo"] == "formato"


def test_an_ips_change_is_approved_once_and_freed_for_a_new_request(client, tokens, directory, mailbox):
    from chalicelib.affiliates.schemas import IpsChangeForm

    me = directory.add(affiliate("CC", "1032456789"))
    directory.add_site(ips_site(nit="800111222", sucursal="010", name="IPS NORTE"))
    form = parse_body(IpsChangeForm, {
        "ref": me.ref, "telefono_residencia": "6023456789", "telefono_fijo_alternativo": "6029876543",
        "celular": "3104567890", "direccion_residencia": "CALLE 5", "departamento_residencia": "Valle del Cauca",
        "municipio_residencia": "Cali", "motivo": "Otro", "ips_deseada": "800111222-010"})
    sent = wiring.affiliate_ips_change().request(caller(me), form)
    status, queue = call(client, "GET", "/operaciones/afiliados/cambios-ips", token=tokens["operator"])
    assert status == 200 and [s["solicitud"] for s in queue["solicitudes"]] == [sent.solicitud]
    assert queue["solicitudes"][0]["ips_actual"] == "COMFANDI EL PRADO"
    path = f"/operaciones/afiliados/cambios-ips/{sent.solicitud}/decision"
    assert call(client, "POST", path, {"decision": "APROBAR"}, token=tokens["operator"])[0] == 200
    assert call(client, "POST", path, {"decision": "RECHAZAR", "motivo": "x"}, token=tokens["operator"])[0] == 409
    assert "APROBADA" in mailbox()[-1].body
    wiring.affiliate_ips_change().request(caller(me), form)  # no longer in process: a new one is taken
