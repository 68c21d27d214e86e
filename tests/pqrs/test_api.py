"""Contáctenos through the API (chalice.test.Client, embedded AWS): the real pqrs table, sessions, access log,
audit and emails; the affiliates' data from the in-memory directory."""

from __future__ import annotations

import json

import pytest

from chalicelib import wiring
from chalicelib.access_log.models import AccessLogRecord
from chalicelib.accounts.permissions import OPERATIONS_TENANT
from chalicelib.affiliate_accounts.principal import AFFILIATES_TENANT
from chalicelib.audit.models import AuditEventRecord
from chalicelib.common.identifiers import DocumentType
from chalicelib.operations.accounts import create_operator
from chalicelib.pqrs import contact, service
from chalicelib.pqrs.catalogue import IN_PROCESS_ANSWER
from tests.affiliate_accounts.proof import solve
from tests.affiliates.fakes import FakeAffiliateDirectory, affiliate
from tests.api.client import call, login
from tests.api.conftest import client, mailbox  # noqa: F401  (fixtures)

TEXT = "La autorización de mi cita lleva ocho días sin respuesta"


@pytest.fixture
def people(aws):
    directory = FakeAffiliateDirectory()
    me = directory.add(affiliate("CC", "1032456789"))
    other = directory.add(affiliate("CC", "66900111", primer_nombre="MARTA"))
    wiring.use_affiliate_directory(directory)
    accounts, now = wiring.affiliate_accounts_repository(), wiring.clock.utcnow()
    tokens = {}
    for name, person in (("me", me), ("other", other)):
        accounts.create(identity=person.identity, doc_type=person.doc_type, doc_number=person.doc_number,
                        correo=person.contact.correo, celular="3104567890", password_hash="x", consent={}, at=now)
        accounts.set_password(person.identity, "x", must_change=False, at=now)
        tokens[name] = wiring.affiliate_sessions().reopen(person.identity).token
    create_operator(DocumentType.CC, "31000111", primer_nombre="Olga", primer_apellido="Mejía",
                    correo="olga@eps.example.co", password="Operadora2024", must_change_password=False)
    yield tokens
    wiring.use_affiliate_directory(None)


@pytest.fixture
def operator(client, people):  # noqa: F811
    return login(client, "31000111", "Operadora2024")


def file(client, token, **body):  # noqa: F811
    return call(client, "POST", "/afiliados/pqrs", {"tipo": "RECLAMO", "descripcion": TEXT, **body}, token=token)


def test_file_find_answer_and_rate(client, people, operator, mailbox):  # noqa: F811
    status, filed = file(client, people["me"], clave="form-0001abcd")
    assert status == 201 and filed["radicado"].endswith("-000001")
    assert file(client, people["me"], clave="form-0001abcd") == (201, filed)  # a double click: one radicado
    radicado = filed["radicado"]
    status, found = call(client, "GET", f"/afiliados/pqrs/{radicado}", token=people["me"])
    assert status == 200 and (found["tipo_solicitud"], found["estado"], found["respuesta"]) == (
        "RECLAMO", "EN GESTION", IN_PROCESS_ANSWER)
    assert found["descripcion"].endswith(TEXT)
    status, refused = call(client, "POST", f"/afiliados/pqrs/{radicado}/calificacion", {"estrellas": 5},
                           token=people["me"])
    assert status == 409 and refused["message"] == service.NOT_FINISHED

    status, queue = call(client, "GET", "/operaciones/pqrs", token=operator)
    assert status == 200 and [q["radicado"] for q in queue["solicitudes"]] == [radicado]
    assert queue["solicitudes"][0]["dias_restantes"] > 0 and queue["solicitudes"][0]["vencida"] is False
    path = f"/operaciones/pqrs/{radicado}/respuesta"
    assert call(client, "POST", path, {"respuesta": "Su autorización fue emitida"}, token=operator)[0] == 200
    assert call(client, "POST", path, {"respuesta": "Otra"}, token=operator)[0] == 409
    [event] = [e for e in AuditEventRecord.query(OPERATIONS_TENANT) if e.event == "PQRS_RESPONDIDA"]
    assert event.subject_id == radicado

    rate = f"/afiliados/pqrs/{radicado}/calificacion"
    assert call(client, "POST", rate, {"estrellas": 0}, token=people["me"])[0] == 422
    assert call(client, "POST", rate, {"estrellas": 5}, token=people["other"])[0] == 404
    assert call(client, "POST", rate, {"estrellas": 5}, token=people["me"]) == (200, {
        "mensaje": service.RATED, "calificacion": 5})
    status, twice = call(client, "POST", rate, {"estrellas": 4}, token=people["me"])
    assert status == 409 and twice["message"] == service.ALREADY_RATED
    mails = mailbox()
    assert [m.subject for m in mails] == [f"Solicitud {radicado} recibida - Oficina Virtual Afiliados",
                                          f"Respuesta a su solicitud {radicado} - Oficina Virtual Afiliados"]
    status, indicator = call(client, "GET", "/operaciones/pqrs/indicador", token=operator)
    assert status == 200 and len(indicator["meses"]) == 6


def test_another_affiliates_radicado_is_a_404_like_a_missing_one(client, people):  # noqa: F811
    radicado = file(client, people["me"])[1]["radicado"]
    other = call(client, "GET", f"/afiliados/pqrs/{radicado}", token=people["other"])
    missing = call(client, "GET", "/afiliados/pqrs/2026-999999", token=people["other"])
    assert other == missing and other[0] == 404
    status, mine = call(client, "GET", "/afiliados/pqrs", token=people["other"])
    assert status == 200 and mine["solicitudes"] == [] and len(mine["tipos"]) == 6
    assert call(client, "GET", f"/afiliados/pqrs/{radicado}")[0] == 401
    assert call(client, "GET", "/operaciones/pqrs", token=people["me"])[0] == 403
    reads = [e for e in AccessLogRecord.query(AFFILIATES_TENANT) if e.route == "/afiliados/pqrs/{radicado}"]
    assert [(r.status, r.params.as_dict()["radicado"]) for r in reads] == [(404, radicado), (404, "2026-999999")]


def test_2001_characters_are_refused_naming_the_field(client, people):  # noqa: F811
    status, refused = file(client, people["me"], descripcion="x" * 2001)
    assert status == 422 and refused["errores"] == [{"campo": "descripcion",
                                                     "mensaje": "Debe tener máximo 2000 caracteres"}]
    assert file(client, people["me"], descripcion="x" * 2000)[0] == 201
    status, refused = file(client, people["me"], tipo="PETICION")
    assert status == 422 and refused["errores"][0]["campo"] == "tipo"


def test_the_public_form_answers_alike_for_any_document_and_keeps_text_out_of_logs(
        client, people, mailbox, caplog):  # noqa: F811
    def send(numero: str, correo: str):
        status, challenge = call(client, "POST", "/afiliados/registro/reto", {})
        assert status == 200
        return call(client, "POST", "/contacto", {
            "tipo_documento": "CC", "numero_documento": numero, "nombres": "ANA PÉREZ", "correo": correo,
            "tipo": "QUEJA", "descripcion": TEXT, "reto": challenge["reto"],
            "nonce": solve(challenge["reto"], challenge["dificultad"])})

    known, unknown = send("1032456789", "a@correo.example.co"), send("99999999", "b@correo.example.co")
    assert known == unknown == (202, {"mensaje": contact.RECEIVED})
    first, second = mailbox()
    assert first.body.replace("000001", "000002") == second.body
    status, refused = call(client, "POST", "/contacto", {
        "tipo_documento": "CC", "numero_documento": "1", "nombres": "X", "correo": "c@correo.example.co",
        "tipo": "QUEJA", "descripcion": TEXT, "reto": "nope", "nonce": "0"})
    assert status == 422 and refused["errores"][0]["campo"] == "nonce"
    logged = caplog.text + json.dumps([r.msg for r in caplog.records], default=str)
    assert TEXT not in logged and "99999999" not in logged


def test_the_survey_is_answered_once_a_month_from_the_office_under_channel_afiliados(client, people, operator):  # noqa: F811
    status, offer = call(client, "GET", "/afiliados/encuesta", token=people["me"])
    assert status == 200 and offer["puede_responder"] is True and len(offer["preguntas"]) == 4
    answers = {"satisfaccion": "MUY_SATISFECHO", "facilidad": "FACIL", "recomendacion": 9, "resuelto": "SI"}
    assert call(client, "POST", "/afiliados/encuesta/respuesta", answers, token=people["me"])[0] == 201
    assert call(client, "POST", "/afiliados/encuesta/respuesta", answers, token=people["me"])[0] == 409
    status, report = call(client, "GET", "/operaciones/encuesta/informe?canal=afiliados", token=operator)
    assert status == 200 and report["filas"][-1]["respuestas"] == 1 and report["filas"][-1]["canal"] == "afiliados"
    assert call(client, "GET", "/encuesta", token=people["me"])[0] == 403  # the providers' route is not theirs
