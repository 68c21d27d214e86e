"""Registrar mi Solicitud and the operators' queue through the API (chalice.test.Client, embedded AWS): the demo
extracts loaded through ingestion's own steps, the demo cotizante's session from the login route, the real store,
S3, sequence, outbox, audit trail and access log."""

from __future__ import annotations

import base64
import json
from urllib.parse import unquote, urlparse

import pytest

from chalicelib.access_log.models import AccessLogRecord
from chalicelib.accounts.permissions import OPERATIONS_TENANT
from chalicelib.affiliate_accounts.principal import AFFILIATES_TENANT
from chalicelib.affiliates import demo
from chalicelib.affiliates.supports import MAX_SUPPORT_BYTES, NOT_ALLOWED, SUPPORTS_PREFIX, TOO_LARGE
from chalicelib.audit.models import AuditEventRecord
from chalicelib.authorizations.presolicitudes_terms import TERMS_VERSION
from chalicelib.common.aws import client as aws_client
from chalicelib.common.identifiers import DocumentType
from chalicelib.config import get_settings
from chalicelib.operations.accounts import create_operator
from tests import factories
from tests.api.client import call, login
from tests.api.conftest import client, mailbox  # noqa: F401 (fixtures)
from tests.api.test_affiliates import affiliate_token, extracts, family  # noqa: F401 (fixtures)

HC, SM = "HISTORIA CLINICA VIGENTE", "SOLICITUD MEDICA VIGENTE"
KEY = "f6b0a9c2-doble-clic"
DRAFTS = "/afiliados/solicitudes/borradores"
QUEUE = "/operaciones/afiliados/presolicitudes"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def pdf(size: int) -> bytes:
    return b"%PDF-1.7\n" + b"0" * (size - 9)


def upload(client, token, draft_id, tipo=HC, data=None, name="historia.pdf"):  # noqa: F811
    return call(client, "POST", f"{DRAFTS}/{draft_id}/archivos", {
        "tipo_soporte": tipo, "nombre_archivo": name, "contenido": b64(data or pdf(2_000))}, token=token)


@pytest.fixture
def token(client, family):  # noqa: F811
    return affiliate_token(client)


@pytest.fixture
def operator(client):  # noqa: F811
    factories.membership(factories.person("1000000001"), factories.provider())
    create_operator(DocumentType.CC, "31000111", primer_nombre="Olga", primer_apellido="Mejía",
                    correo="olga@eps.example.co", password="Operadora2024", must_change_password=False)
    return {"admin": login(client, "1000000001"), "operator": login(client, "31000111", "Operadora2024")}


def open_draft(client, token, ref, plan="PBS"):  # noqa: F811
    assert call(client, "POST", "/afiliados/solicitudes/terminos", {"version": TERMS_VERSION, "acepto": True},
                token=token)[0] == 201
    status, draft = call(client, "POST", DRAFTS, {"ref": ref, "plan": plan}, token=token)
    assert status == 201
    return draft


def test_terms_first_then_self_or_own_minors_only(client, token, family):  # noqa: F811
    status, terms = call(client, "GET", "/afiliados/solicitudes/terminos", token=token)
    assert status == 200 and terms["version"] == TERMS_VERSION
    me, minor, spouse = family[demo.COTIZANTE], family[demo.MENOR_1], family[demo.CONYUGE]
    status, refused = call(client, "POST", DRAFTS, {"ref": me.ref}, token=token)
    assert (status, refused["code"]) == (422, "TERMS_REQUIRED")
    status, people = call(client, "GET", "/afiliados/solicitudes/personas", token=token)
    assert status == 200
    by_ref = {p["ref"]: p for p in people["personas"]}
    assert set(by_ref) == {me.ref, minor.ref, family[demo.MENOR_2].ref}
    assert by_ref[me.ref]["planes"] == ["PBS", demo.PAC_PLAN]
    draft = open_draft(client, token, me.ref, demo.PAC_PLAN)
    assert draft["datos_basicos"]["documento_identidad"] == f"CC - {me.doc_number}"
    assert draft["datos_basicos"]["plan"] == demo.PAC_PLAN
    for other in (spouse, family[demo.HIJO_MAYOR]):
        assert call(client, "POST", DRAFTS, {"ref": other.ref}, token=token)[0] == 404
    assert call(client, "POST", "/afiliados/solicitudes/terminos", {"version": "NJ-1999", "acepto": True},
                token=token)[0] == 422
    logged = list(AccessLogRecord.query(AFFILIATES_TENANT))
    assert {"/afiliados/solicitudes/personas", DRAFTS} <= {e.route for e in logged}
    assert not any(p.doc_number in json.dumps([e.params.as_dict() for e in logged]) for p in demo.FAMILY)


def test_limits_delete_before_sending_and_a_double_click(client, token, family, mailbox):  # noqa: F811
    me, minor = family[demo.COTIZANTE], family[demo.MENOR_1]
    draft = open_draft(client, token, minor.ref)["borrador"]
    for data, message in ((pdf(MAX_SUPPORT_BYTES + 1), TOO_LARGE), (b"MZ\x90\x00" + b"1" * 400, NOT_ALLOWED)):
        status, refused = upload(client, token, draft, data=data, name="informe.pdf")
        assert (status, refused["errores"]) == (422, [{"campo": "contenido", "mensaje": message}])
    status, view = upload(client, token, draft, data=pdf(MAX_SUPPORT_BYTES))
    assert status == 201 and [f["tamano_bytes"] for f in view["archivos"]] == [MAX_SUPPORT_BYTES]
    wrong = view["archivos"][0]["archivo"]
    bucket = get_settings().data_bucket
    s3 = aws_client("s3")
    assert len(s3.list_objects_v2(Bucket=bucket, Prefix=SUPPORTS_PREFIX)["Contents"]) == 1
    status, view = call(client, "DELETE", f"{DRAFTS}/{draft}/archivos/{wrong}", token=token)
    assert status == 200 and view["archivos"] == []
    assert s3.list_objects_v2(Bucket=bucket, Prefix=SUPPORTS_PREFIX).get("Contents") is None
    upload(client, token, draft)
    upload(client, token, draft, SM, pdf(3_000), "orden.pdf")

    body = {"borrador": draft, "clave": KEY, "observaciones": "x" * 301}
    status, refused = call(client, "POST", "/afiliados/solicitudes", body, token=token)
    assert (status, refused["errores"][0]["campo"]) == (422, "observaciones")
    body["observaciones"] = "Control con pediatría"
    first = call(client, "POST", "/afiliados/solicitudes", body, token=token)
    second = call(client, "POST", "/afiliados/solicitudes", body, token=token)
    assert first == second and first[0] == 201 and first[1]["numero"].startswith("PS-")
    received = [m for m in mailbox() if first[1]["numero"] in m.subject]
    assert len(received) == 1 and received[0].destinations["ToAddresses"] == [me.contact.correo]
    assert call(client, "GET", f"{DRAFTS}/{draft}", token=token)[0] == 404  # sent: no longer a draft


def test_an_operator_returns_it_with_an_observation_mailed_audited_files_by_logged_links(
        client, token, family, operator, mailbox):  # noqa: F811
    me = family[demo.COTIZANTE]
    draft = open_draft(client, token, me.ref)["borrador"]
    upload(client, token, draft, data=pdf(1_500))
    upload(client, token, draft, SM, pdf(2_500), "orden.pdf")
    numero = call(client, "POST", "/afiliados/solicitudes", {"borrador": draft, "clave": KEY}, token=token)[1]["numero"]

    for who in (None, operator["admin"], token):
        assert call(client, "GET", QUEUE, token=who)[0] in (401, 403)
    status, queue = call(client, "GET", QUEUE, token=operator["operator"])
    assert status == 200
    [item] = queue["presolicitudes"]
    assert (item["numero"], item["numero_documento"], item["estado"]) == (numero, me.doc_number, "RADICADA")
    status, link = call(client, "GET", f"{QUEUE}/{item['presolicitud']}/archivos/{item['archivos'][1]['archivo']}",
                        token=operator["operator"])
    assert status == 200 and link["expira_en_segundos"] == 120 and link["nombre_archivo"] == "orden.pdf"
    key = unquote(urlparse(link["url"]).path).split(get_settings().data_bucket + "/", 1)[-1].lstrip("/")
    assert aws_client("s3").get_object(Bucket=get_settings().data_bucket, Key=key)["Body"].read() == pdf(2_500)

    decide = f"{QUEUE}/{item['presolicitud']}/decision"
    assert call(client, "POST", decide, {"accion": "TOMAR"}, token=operator["operator"])[1]["estado"] == "EN REVISION"
    assert call(client, "POST", decide, {"accion": "DEVOLVER"}, token=operator["operator"])[0] == 422
    observation = "documentos con más de 30 días calendario"
    assert call(client, "POST", decide, {"accion": "DEVOLVER", "observacion": observation},
                token=operator["operator"]) == (200, {
                    "mensaje": "Presolicitud devuelta; se envió la observación al afiliado por correo",
                    "estado": "DEVUELTA"})
    assert call(client, "POST", decide, {"accion": "EN_PROCESO"}, token=operator["operator"])[0] == 409
    assert call(client, "POST", f"{QUEUE}/nope/decision", {"accion": "TOMAR"}, token=operator["operator"])[0] == 404
    mails = [m for m in mailbox() if numero in m.subject]
    assert [m.subject.split(numero)[1].split(" - ")[0].strip() for m in mails] == ["recibida", "en revisión",
                                                                                    "devuelta"]
    assert observation in mails[-1].body and mails[-1].destinations["ToAddresses"] == [me.contact.correo]
    events = [e for e in AuditEventRecord.query(OPERATIONS_TENANT) if e.event == "PRESOLICITUD_GESTIONADA"]
    assert sorted(e.details.as_dict()["estado"] for e in events) == ["DEVUELTA", "EN REVISION"]
    assert all(e.subject_id == item["presolicitud"] for e in events)
    reads = {e.route: e for e in AccessLogRecord.query(OPERATIONS_TENANT)}
    assert reads[f"{QUEUE}/{{presolicitud}}/archivos/{{archivo}}"].records == 1
    assert reads[QUEUE].records == 1
