"""The operators' affiliate queues: decisions taken once, mailed and audited (ids only); the novedades export
with formula-like text neutralised in CSV and kept as text in XLSX."""

from __future__ import annotations

import base64
import io
from datetime import date

import openpyxl
import pytest

from chalicelib.affiliates.request_types import IpsChangeState, SupportState
from chalicelib.affiliates.schemas import (
    IpsChangeDecisionBody,
    IpsChangeForm,
    SupportDecisionBody,
    SupportsSubmission,
)
from chalicelib.affiliates.types import Contact, PendingDocument
from chalicelib.audit.trail import AuditEvent
from chalicelib.common.errors import Conflict, InvalidInput, NotFound
from chalicelib.common.validation import parse_body
from tests.affiliates.micuenta.fakes import OPERATOR, caller

PDF = b"%PDF-1.4\n" + b"1" * 200


@pytest.fixture
def received(family):
    me, sofia = family.people["me"], family.people["sofia"]
    family.directory.add_document(PendingDocument(sofia.identity, "TARJETA DE IDENTIDAD", date(2026, 2, 1)))
    family.documents.send(caller(me), parse_body(SupportsSubmission, {"archivos": [{
        "ref": sofia.ref, "tipo_soporte": "TARJETA DE IDENTIDAD", "nombre_archivo": "ti sofia.pdf",
        "contenido": base64.b64encode(PDF).decode()}]}))
    family.mailer.sent.clear()
    return family


def test_the_queue_lists_received_supports_with_who_and_a_link(received):
    [item] = received.support_queue.page(SupportState.RECIBIDO, limit=20, cursor=None).documentos
    assert (item.tipo_documento, item.numero_documento, item.nombre) == ("TI", "1107000111", "SOFIA GÓMEZ RUIZ")
    assert (item.nombre_archivo, item.tamano_bytes, item.tipo_archivo) == ("ti sofia.pdf", len(PDF),
                                                                           "application/pdf")
    assert item.enlace.startswith("https://bucket.example/") and item.decision is None


def test_accepting_mails_the_affiliate_audits_and_leaves_the_queue(received):
    [submission_id] = received.requests.supports
    result = received.support_queue.decide(OPERATOR, submission_id, SupportDecisionBody(decision="ACEPTAR"),
                                           "10.0.0.9")
    assert result.estado == "ACEPTADO"
    [email] = received.mailer.sent
    assert email.to == received.people["me"].contact.correo and "ACEPTADO" in email.text
    assert received.audit.events == [(AuditEvent.AFFILIATE_SUPPORT_DECIDED, {
        "provider_id": "EPS#OPERACIONES", "actor_id": OPERATOR.person_id, "subject_id": submission_id,
        "source_ip": "10.0.0.9", "details": {"estado": "ACEPTADO"}})]
    assert received.support_queue.page(SupportState.RECIBIDO, limit=20, cursor=None).documentos == []
    with pytest.raises(Conflict):
        received.support_queue.decide(OPERATOR, submission_id, SupportDecisionBody(decision="DEVOLVER",
                                                                                     motivo="x"), "10.0.0.9")


def test_returning_needs_a_reason_which_is_mailed_inert(received):
    with pytest.raises(InvalidInput) as refused:
        parse_body(SupportDecisionBody, {"decision": "DEVOLVER"})
    assert refused.value.details == [{"campo": "motivo", "mensaje": "Indique el motivo de la devolución"}]
    [submission_id] = received.requests.supports
    received.support_queue.decide(OPERATOR, submission_id, SupportDecisionBody(
        decision="DEVOLVER", motivo="Escanee de nuevo en https://evil.example"), "10.0.0.9")
    text = received.mailer.sent[0].text
    assert "DEVUELTO" in text and "https://evil.example" not in text and "https[:]//evil[.]example" in text


def test_an_unknown_support_is_404(received):
    with pytest.raises(NotFound):
        received.support_queue.decide(OPERATOR, "nope", SupportDecisionBody(decision="ACEPTAR"), "10.0.0.9")


def test_the_ips_queue_lists_and_approval_is_mailed_and_audited(family):
    me = family.people["me"]
    sent = family.ips_change.request(caller(me), parse_body(IpsChangeForm, {
        "ref": me.ref, "telefono_residencia": "6023456789", "telefono_fijo_alternativo": "6029876543",
        "celular": "3104567890", "direccion_residencia": "CALLE 5", "departamento_residencia": "Valle del Cauca",
        "municipio_residencia": "Cali", "motivo": "Otro", "ips_deseada": "800111222-010"}))
    [item] = family.ips_queue.page(IpsChangeState.EN_TRAMITE, limit=20, cursor=None).solicitudes
    assert (item.nombre, item.ips_actual, item.ips_deseada) == ("LUIS FERNANDO GÓMEZ RUIZ", "COMFANDI EL PRADO",
                                                                "IPS NORTE")
    family.ips_queue.decide(OPERATOR, sent.solicitud, IpsChangeDecisionBody(decision="APROBAR"), "10.0.0.9")
    assert "APROBADA" in family.mailer.sent[-1].text
    assert family.audit.events[-1][0] is AuditEvent.AFFILIATE_IPS_CHANGE_DECIDED
    with pytest.raises(InvalidInput):
        parse_body(IpsChangeDecisionBody, {"decision": "RECHAZAR"})


def _novedades(family):
    me, tomas = family.people["me"], family.people["tomas"]
    family.directory.record([me.identity, tomas.identity], Contact(barrio="=HYPERLINK(\"http://x\")",
                                                                   celular="3001112233"),
                            at=family.now, channel="PORTAL_AFILIADOS")


def test_the_csv_export_neutralises_formula_like_text(family):
    _novedades(family)
    answer = family.export.export(OPERATOR, "csv", "10.0.0.9")
    text = answer.body.decode("utf-8")
    assert text.startswith("\ufeffNOVEDAD;FECHA;CANAL;TIPO DOCUMENTO")
    rows = text.split("\r\n")
    assert answer.records == 2 and len([r for r in rows if r]) == 3
    assert "'=HYPERLINK" in rows[1] and "1032456789" in rows[1] and "10/03/2026 10:00" in rows[1]
    assert family.audit.events[-1][1]["details"] == {"formato": "csv", "registros": 2}


def test_the_xlsx_export_keeps_the_text_as_text(family):
    _novedades(family)
    answer = family.export.export(OPERATOR, "xlsx", "10.0.0.9")
    sheet = openpyxl.load_workbook(io.BytesIO(answer.body)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("NOVEDAD", "FECHA", "CANAL") and len(rows) == 3
    barrio = rows[0].index("BARRIO")
    assert rows[1][barrio] == "=HYPERLINK(\"http://x\")" and sheet.cell(2, barrio + 1).data_type == "s"


def test_a_novedad_superseded_by_a_newer_extract_is_not_exported(family):
    _novedades(family)
    family.directory.load_extract(family.people["me"], date(2026, 3, 11))
    assert family.export.export(OPERATOR, "csv", "10.0.0.9").records == 1
