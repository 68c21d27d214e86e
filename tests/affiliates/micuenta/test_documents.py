"""Actualizar documentos (seed 003 §4.1.2): pending supports of self and own minors; PDF/JPG/PNG of at most 2 MB,
told by their first bytes; "Enviar documentos" mails a confirmation; a returned support can be sent again."""

from __future__ import annotations

import base64
from datetime import date

import pytest

from chalicelib.affiliates.schemas import SupportDecisionBody, SupportsSubmission
from chalicelib.affiliates.supports import MAX_SUPPORT_BYTES
from chalicelib.affiliates.types import PendingDocument
from chalicelib.common.errors import InvalidInput, NotFound
from chalicelib.common.validation import parse_body
from tests.affiliates.micuenta.fakes import OPERATOR, caller

PDF = b"%PDF-1.7\n" + b"0" * 1000
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 100
JPG = b"\xff\xd8\xff\xe0" + b"0" * 100


def upload(person, tipo: str, data: bytes, name: str = "cedula.pdf") -> dict:
    return {"ref": person.ref, "tipo_soporte": tipo, "nombre_archivo": name,
            "contenido": base64.b64encode(data).decode()}


def submission(*files) -> SupportsSubmission:
    return parse_body(SupportsSubmission, {"archivos": list(files)})


@pytest.fixture
def waiting(family):
    d = family.directory
    d.add_document(PendingDocument(family.people["me"].identity, "CÉDULA DE CIUDADANÍA", date(2026, 2, 1)))
    d.add_document(PendingDocument(family.people["sofia"].identity, "TARJETA DE IDENTIDAD", date(2026, 2, 1)))
    d.add_document(PendingDocument(family.people["adult"].identity, "CÉDULA DE CIUDADANÍA", date(2026, 2, 1)))
    return family


def test_the_page_lists_pending_supports_of_self_and_minors_only(waiting):
    page = waiting.documents.page(caller(waiting.people["me"]))
    assert {(d.nombre.split()[0], d.tipo_soporte, d.estado) for d in page.documentos} == {
        ("LUIS", "CÉDULA DE CIUDADANÍA", "PENDIENTE"), ("SOFIA", "TARJETA DE IDENTIDAD", "PENDIENTE")}
    assert page.tamano_maximo_bytes == 2 * 1024 * 1024


@pytest.mark.parametrize(("data", "content_type"), [(PDF, "application/pdf"), (PNG, "image/png"),
                                                    (JPG, "image/jpeg")])
def test_a_support_is_kept_by_its_first_bytes_and_a_confirmation_mailed(waiting, data, content_type):
    me, sofia = waiting.people["me"], waiting.people["sofia"]
    sent = waiting.documents.send(caller(me), submission(upload(sofia, "TARJETA DE IDENTIDAD", data, "ti.pdf")))
    [(key, stored)] = waiting.files.stored.items()
    assert stored == (data, content_type) and key.startswith(sent.envio + "/")
    [kept] = waiting.requests.supports.values()
    assert (kept.affiliate, kept.submitted_by, kept.state.value) == (sofia.identity, me.identity, "RECIBIDO")
    [email] = waiting.mailer.sent
    assert email.to == me.contact.correo and "TARJETA DE IDENTIDAD: SOFIA GÓMEZ RUIZ" in email.text
    states = {d.tipo_soporte: d.estado for d in waiting.documents.page(caller(me)).documentos}
    assert states["TARJETA DE IDENTIDAD"] == "RECIBIDO"


def test_exactly_2_mb_is_accepted_and_one_byte_more_refused_in_spanish(waiting):
    me = waiting.people["me"]
    at_limit = PDF[:9] + b"0" * (MAX_SUPPORT_BYTES - 9)
    with pytest.raises(InvalidInput) as refused:
        waiting.documents.send(caller(me), submission(upload(me, "CÉDULA DE CIUDADANÍA", at_limit + b"0")))
    assert refused.value.details == [{"campo": "archivos.0.contenido",
                                      "mensaje": "El archivo supera el tamaño máximo de 2 MB"}]
    assert waiting.files.stored == {} and waiting.mailer.sent == []
    waiting.documents.send(caller(me), submission(upload(me, "CÉDULA DE CIUDADANÍA", at_limit)))
    assert len(next(iter(waiting.files.stored.values()))[0]) == MAX_SUPPORT_BYTES


def test_a_file_that_only_claims_to_be_a_pdf_is_refused(waiting):
    me = waiting.people["me"]
    with pytest.raises(InvalidInput) as refused:
        waiting.documents.send(caller(me), submission(upload(me, "CÉDULA DE CIUDADANÍA", b"MZ\x90\x00" * 50,
                                                             "cedula.pdf")))
    assert refused.value.details[0]["mensaje"] == "El archivo debe ser PDF, JPG o PNG"


def test_one_bad_file_refuses_the_sending_and_names_only_its_field(waiting):
    me, sofia = waiting.people["me"], waiting.people["sofia"]
    with pytest.raises(InvalidInput) as refused:
        waiting.documents.send(caller(me), submission(upload(me, "CÉDULA DE CIUDADANÍA", PDF),
                                                      upload(sofia, "TARJETA DE IDENTIDAD", b"")))
    assert [d["campo"] for d in refused.value.details] == ["archivos.1.contenido"]
    assert waiting.requests.supports == {}


def test_a_support_the_eps_is_not_waiting_for_is_refused(waiting):
    me = waiting.people["me"]
    with pytest.raises(InvalidInput) as refused:
        waiting.documents.send(caller(me), submission(upload(me, "REGISTRO CIVIL", PDF)))
    assert refused.value.details[0]["campo"] == "archivos.0.tipo_soporte"


def test_an_adults_support_is_404(waiting):
    with pytest.raises(NotFound):
        waiting.documents.send(caller(waiting.people["me"]),
                               submission(upload(waiting.people["adult"], "CÉDULA DE CIUDADANÍA", PDF)))


def test_a_support_in_review_is_not_sent_twice_but_a_returned_one_is(waiting):
    me = waiting.people["me"]
    send = lambda: waiting.documents.send(caller(me), submission(upload(me, "CÉDULA DE CIUDADANÍA", PDF)))  # noqa: E731
    send()
    with pytest.raises(InvalidInput) as refused:
        send()
    assert refused.value.details[0]["mensaje"] == "Este documento ya fue enviado y está en revisión"
    [first] = waiting.requests.supports
    waiting.support_queue.decide(OPERATOR, first, SupportDecisionBody(decision="DEVOLVER", motivo="Ilegible"),
                                 "10.0.0.1")
    [returned] = waiting.documents.page(caller(me)).documentos[:1]
    assert (returned.estado, returned.motivo) == ("DEVUELTO", "Ilegible")
    send()
    assert waiting.documents.page(caller(me)).documentos[0].estado == "RECIBIDO"


@pytest.mark.parametrize(("content", "message"), [
    ("no es base64!", "El archivo no llegó completo; selecciónelo de nuevo"),
    ("A" * 3_000_000, "El archivo supera el tamaño máximo de 2 MB"),
])
def test_the_body_refuses_what_cannot_be_a_file(content, message):
    with pytest.raises(InvalidInput) as refused:
        parse_body(SupportsSubmission, {"archivos": [{"ref": "r1", "tipo_soporte": "CC", "nombre_archivo": "a.pdf",
                                                      "contenido": content}]})
    assert refused.value.details == [{"campo": "archivos.0.contenido", "mensaje": message}]
