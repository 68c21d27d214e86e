"""The operators' lookup of an affiliate by document, before correcting a mistyped email: operators only, the
answer with the opaque ref and a masked email, audited and in the access log without the document."""

from __future__ import annotations

from chalicelib.access_log.models import AccessLogRecord
from chalicelib.accounts.permissions import OPERATIONS_TENANT
from chalicelib.audit.models import AuditEventRecord
from chalicelib.common.identifiers import DocumentType
from chalicelib.operations.accounts import create_operator
from tests import factories
from tests.api.client import call, login
from tests.api.test_affiliate_accounts import DOC, directory, register  # noqa: F401 (the fixture)

LOOKUP = "/operaciones/afiliados/buscar"


def operator_token(client) -> str:
    create_operator(DocumentType.CC, "31000111", primer_nombre="Olga", primer_apellido="Mejía",
                    correo="olga@eps.example.co", password="Operadora2024", must_change_password=False)
    return login(client, "31000111", "Operadora2024")


def test_an_operator_finds_the_ref_to_correct_the_email(client, directory, mailbox):  # noqa: F811
    register(client, directory, mailbox)
    operator = operator_token(client)
    status, found = call(client, "POST", LOOKUP, DOC, token=operator)
    person = directory.find("CC#1032456789")
    assert status == 200
    assert found == {"ref": person.ref, "nombre": person.full_name, "correo": "wa***@correo.example.co"}
    body = {"correo": "warner.bien@correo.example.co", "correo_confirmacion": "warner.bien@correo.example.co"}
    assert call(client, "PUT", f"/operaciones/afiliados/{found['ref']}/correo", body, token=operator)[0] == 200
    [event] = [e for e in AuditEventRecord.query(OPERATIONS_TENANT) if e.event == "AFILIADO_CONSULTADO"]
    assert event.subject_id == "CC#1032456789"
    [read] = [e for e in AccessLogRecord.query(OPERATIONS_TENANT) if e.route == LOOKUP]
    assert (read.status, read.records, dict(read.params or {})) == (200, 1, {})


def test_no_account_or_no_operator_finds_nothing(client, directory, mailbox):  # noqa: F811
    operator = operator_token(client)
    unregistered = call(client, "POST", LOOKUP, DOC, token=operator)
    assert (unregistered[0], unregistered[1]["code"]) == (404, "AFFILIATE_ACCOUNT_NOT_FOUND")
    unknown = {"tipo_documento": "CC", "numero_documento": "99999999"}
    assert call(client, "POST", LOOKUP, unknown, token=operator)[0] == 404
    assert call(client, "POST", LOOKUP, {"tipo_documento": "NI", "numero_documento": "900123456"},
                token=operator)[0] == 422
    register(client, directory, mailbox)
    provider = factories.provider()
    factories.membership(factories.person(), provider)
    assert call(client, "POST", LOOKUP, DOC, token=login(client, "1032456789"))[0] == 403
    assert call(client, "POST", LOOKUP, DOC)[0] == 401
