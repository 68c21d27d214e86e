"""Registrar mi Solicitud and the operators' queue on in-memory fakes (no AWS): the terms before anything, whom a
request may be for, the files' limits, delete before sending, the double click, the operators' actions and emails."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest

from chalicelib.accounts.permissions import Principal, Role
from chalicelib.affiliates.supports import MAX_SUPPORT_BYTES, NOT_ALLOWED, TOO_LARGE
from chalicelib.audit.trail import AuditEvent
from chalicelib.authorizations import presolicitudes_terms as terms
from chalicelib.authorizations.presolicitudes_schemas import (
    PresolicitudDecisionBody,
    PresolicitudDraftRequest,
    PresolicitudFileUpload,
    PresolicitudSubmission,
    PresolicitudTermsAcceptance,
)
from chalicelib.authorizations.presolicitudes_service import DRAFT_NOT_FOUND, TERMS_REQUIRED
from chalicelib.authorizations.presolicitudes_types import HISTORIA_CLINICA, SOLICITUD_MEDICA, PresolicitudState
from chalicelib.common.errors import Conflict, InvalidInput, NotFound
from chalicelib.common.validation import parse_body
from tests.affiliates.micuenta.fakes import OPERATOR, caller
from tests.presolicitudes.fakes import EXECUTABLE, JPG, LINK_SECONDS, PDF, PNG

KEY = "clave-doble-clic-0001"
OTHER_OPERATOR = Principal(person_id="CC#79000222", provider_id="EPS#OPERACIONES", role=Role.OPERADOR,
                           menus=frozenset(), session_id="s-op2", must_change_password=False)


def accept(office, person):
    return office.service.accept_terms(caller(person), parse_body(PresolicitudTermsAcceptance, {
        "version": terms.TERMS_VERSION, "acepto": True}))


def open_draft(office, person, ref=None, plan="PBS"):
    accept(office, person)
    return office.service.open_draft(caller(person), parse_body(PresolicitudDraftRequest, {"ref": ref or person.ref,
                                                                               "plan": plan}))


def upload(office, person, draft_id, data=PDF, tipo=HISTORIA_CLINICA, name="historia.pdf"):
    body = parse_body(PresolicitudFileUpload, {"tipo_soporte": tipo, "nombre_archivo": name,
                                        "contenido": base64.b64encode(data).decode()})
    return office.service.upload(caller(person), draft_id, body)


def ready_draft(office, person, ref=None):
    draft = open_draft(office, person, ref)
    upload(office, person, draft.borrador)
    return upload(office, person, draft.borrador, JPG, SOLICITUD_MEDICA, "orden.jpg")


def send(office, person, draft_id, key=KEY, observaciones=""):
    return office.service.send(caller(person), parse_body(PresolicitudSubmission, {
        "borrador": draft_id, "clave": key, "observaciones": observaciones}))


def test_the_terms_carry_the_seed_text_and_version(office):
    view = office.service.terms()
    assert view.titulo == "NOTIFICACIÓN JURAMENTADA"
    assert view.actualizacion == "Última actualización: 27 de Abril de 2020."
    assert view.recordatorio == "Recuerda, este servicio en línea no permite solicitudes NO PBS"
    assert view.aceptacion == "He leído la notificación juramentada y acepto los términos allí descritos."
    assert "Mipres" in view.texto_enlace_mipres and view.enlace_mipres.startswith("https://")


def test_no_request_without_the_terms_accepted(office):
    me = office.people["me"]
    with pytest.raises(InvalidInput) as refused:
        office.service.open_draft(caller(me), parse_body(PresolicitudDraftRequest, {"ref": me.ref}))
    assert (refused.value.code, refused.value.message) == ("TERMS_REQUIRED", TERMS_REQUIRED)
    with pytest.raises(InvalidInput) as unticked:
        office.service.accept_terms(caller(me), parse_body(PresolicitudTermsAcceptance, {"version": terms.TERMS_VERSION,
                                                                              "acepto": False}))
    assert unticked.value.details[0]["campo"] == "acepto"
    with pytest.raises(InvalidInput) as stale:
        office.service.accept_terms(caller(me), parse_body(PresolicitudTermsAcceptance, {"version": "NJ-2019",
                                                                                          "acepto": True}))
    assert stale.value.details[0]["campo"] == "version"
    assert office.store.consents == {}

    consent = accept(office, me)
    assert (consent.version, consent.aceptado_en) == (terms.TERMS_VERSION, office.now)
    [kept] = office.store.consents.values()
    assert (kept.identity, kept.version, kept.accepted_at) == (me.identity, terms.TERMS_VERSION, office.now)
    draft = office.service.open_draft(caller(me), parse_body(PresolicitudDraftRequest, {"ref": me.ref}))
    assert office.store.drafts[draft.borrador].consent == kept


def test_self_and_own_minors_only_with_their_active_plans(office):
    me, people = office.people["me"], office.service.people(caller(office.people["me"])).personas
    assert [p.nombre.split()[0] for p in people] == ["LUIS", "SOFIA", "TOMAS"]
    assert people[0].planes == ["PBS", "PAC Bienestar"] and people[1].planes == ["PBS"]
    accept(office, me)
    for stranger in (office.people["adult"], office.people["spouse"]):
        with pytest.raises(NotFound):
            office.service.open_draft(caller(me), parse_body(PresolicitudDraftRequest, {"ref": stranger.ref}))
    with pytest.raises(InvalidInput) as refused:
        office.service.open_draft(caller(me), parse_body(PresolicitudDraftRequest, {"ref": people[1].ref,
                                                                        "plan": "PAC Bienestar"}))
    assert refused.value.details[0]["campo"] == "plan"


def test_basic_data_of_the_chosen_person_and_plan(office):
    me = office.people["me"]
    view = open_draft(office, me, plan="PAC Bienestar")
    data = view.datos_basicos
    assert (data.fecha.isoformat(), data.documento_identidad, data.nombre, data.ips_primaria, data.plan,
            data.recien_nacido, data.derecho) == ("2026-03-10", "CC - 1032456789", me.full_name,
                                                  "COMFANDI EL PRADO", "PAC Bienestar", "No", "PLENO")
    assert (view.tamano_maximo_bytes, view.maximo_archivos_por_tipo, view.maximo_observaciones) == (
        MAX_SUPPORT_BYTES, 5, 300)


@pytest.mark.parametrize(("data", "message"), [
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * (MAX_SUPPORT_BYTES + 1 - 8), TOO_LARGE),  # 2 MB + 1 byte
    (EXECUTABLE, NOT_ALLOWED),  # named informe.pdf
    (b"", None),
])
def test_a_file_too_large_or_not_a_pdf_jpg_png_is_refused_and_not_kept(office, data, message):
    me = office.people["me"]
    draft = open_draft(office, me)
    with pytest.raises(InvalidInput) as refused:
        upload(office, me, draft.borrador, data, name="informe.pdf")
    if message:
        assert refused.value.details == [{"campo": "contenido", "mensaje": message}]
    assert office.files.stored == {} and office.store.drafts[draft.borrador].files == ()


def test_exactly_2_mb_is_taken(office):
    me = office.people["me"]
    draft = open_draft(office, me)
    view = upload(office, me, draft.borrador, b"\x89PNG\r\n\x1a\n" + b"\x00" * (MAX_SUPPORT_BYTES - 8), name="a.png")
    assert [(f.tamano_bytes, f.tipo_archivo) for f in view.archivos] == [(MAX_SUPPORT_BYTES, "image/png")]


def test_five_files_per_type_then_refused(office):
    me = office.people["me"]
    draft = open_draft(office, me)
    for n in range(5):
        upload(office, me, draft.borrador, PNG, name=f"hc-{n}.png")
    with pytest.raises(InvalidInput) as refused:
        upload(office, me, draft.borrador, PNG, name="hc-6.png")
    assert refused.value.details == [{"campo": "tipo_soporte",
                                      "mensaje": "Puede adjuntar máximo 5 archivos de HISTORIA CLINICA VIGENTE"}]
    assert len(office.files.stored) == 5  # the sixth was not kept
    view = upload(office, me, draft.borrador, PDF, SOLICITUD_MEDICA)  # the other type has its own five
    assert len(view.archivos) == 6


def test_files_are_deleted_before_sending(office):
    me = office.people["me"]
    draft = open_draft(office, me)
    first = upload(office, me, draft.borrador, PDF, name="vieja.pdf").archivos[0]
    upload(office, me, draft.borrador, PNG, name="nueva.png")
    assert len(office.files.stored) == 2
    view = office.service.delete_file(caller(me), draft.borrador, first.archivo)
    assert [f.nombre_archivo for f in view.archivos] == ["nueva.png"]
    assert [k for k in office.files.stored] == [f"presolicitudes/{draft.borrador}/id0003.png"]
    with pytest.raises(NotFound):
        office.service.delete_file(caller(me), draft.borrador, first.archivo)


def test_a_concurrent_change_is_retried_then_refused_without_leaving_the_file(office):
    me = office.people["me"]
    draft = open_draft(office, me)
    office.store.stale_writes = 1
    assert len(upload(office, me, draft.borrador).archivos) == 1
    office.store.stale_writes = 3
    with pytest.raises(Conflict):
        upload(office, me, draft.borrador, PNG)
    assert len(office.files.stored) == 1


def test_both_supports_are_required(office):
    me = office.people["me"]
    draft = open_draft(office, me)
    upload(office, me, draft.borrador, PDF, SOLICITUD_MEDICA)
    with pytest.raises(InvalidInput) as refused:
        send(office, me, draft.borrador)
    assert refused.value.details == [{"campo": "archivos.HISTORIA CLINICA VIGENTE",
                                      "mensaje": "Adjunte al menos un archivo de HISTORIA CLINICA VIGENTE"}]


def test_observaciones_up_to_300_characters(office):
    with pytest.raises(InvalidInput) as refused:
        parse_body(PresolicitudSubmission, {"borrador": "b1", "clave": KEY, "observaciones": "x" * 301})
    assert refused.value.details == [{"campo": "observaciones", "mensaje": "Debe tener máximo 300 caracteres"}]
    assert parse_body(PresolicitudSubmission, {"borrador": "b1", "clave": KEY,
                                               "observaciones": "á\n" * 150}).observaciones


def test_aceptar_numbers_it_mails_it_and_a_double_click_creates_only_one(office):
    me, sofia = office.people["me"], office.people["sofia"]
    draft = ready_draft(office, me, sofia.ref)
    first = send(office, me, draft.borrador, observaciones="Control de pediatría")
    again = send(office, me, draft.borrador)
    assert first == again and first.numero == "PS-2026-000001"
    assert first.mensaje == ("Su solicitud fue registrada con el número de presolicitud PS-2026-000001. Le enviamos "
                             "un correo de confirmación")
    [kept] = office.store.presolicitudes.values()
    assert (kept.affiliate, kept.requested_by, kept.observaciones, kept.state) == (
        sofia.identity, me.identity, "Control de pediatría", PresolicitudState.RADICADA)
    assert [f.tipo_soporte for f in kept.files] == [HISTORIA_CLINICA, SOLICITUD_MEDICA]
    assert office.numbers.taken == {"presolicitudes-2026": 1} and office.store.drafts == {}
    [mail] = office.mailer.sent
    assert mail.to == me.contact.correo and "PS-2026-000001" in mail.text and sofia.full_name in mail.text
    with pytest.raises(NotFound) as gone:  # another key: the draft was sent already
        send(office, me, draft.borrador, key="otra-clave-000000001")
    assert gone.value.message == DRAFT_NOT_FOUND


def test_the_next_one_gets_the_next_number(office):
    me = office.people["me"]
    send(office, me, ready_draft(office, me).borrador)
    assert send(office, me, ready_draft(office, me).borrador, key="segunda-clave-00001").numero == "PS-2026-000002"


def test_another_persons_draft_or_an_expired_one_is_not_found(office):
    me, spouse = office.people["me"], office.people["spouse"]
    draft = ready_draft(office, me)
    with pytest.raises(NotFound):
        office.service.draft(caller(spouse), draft.borrador)
    with pytest.raises(NotFound):
        upload(office, spouse, draft.borrador)
    with pytest.raises(NotFound):
        send(office, spouse, draft.borrador)
    office.now += timedelta(hours=24)
    with pytest.raises(NotFound):
        send(office, me, draft.borrador)


def _sent(office):
    me = office.people["me"]
    send(office, me, ready_draft(office, me, office.people["tomas"].ref).borrador)
    [item] = office.queue.page(None, limit=10, cursor=None).presolicitudes
    office.mailer.sent.clear()
    return item


def test_the_queue_lists_them_with_the_person_and_links_each_file(office):
    item = _sent(office)
    tomas = office.people["tomas"]
    assert (item.numero, item.numero_documento, item.nombre, item.estado) == (
        "PS-2026-000001", tomas.doc_number, tomas.full_name, "RADICADA")
    link = office.queue.attachment(item.presolicitud, item.archivos[1].archivo)
    assert (link.nombre_archivo, link.expira_en_segundos) == ("orden.jpg", LINK_SECONDS)
    assert link.url.startswith("https://bucket.example/presolicitudes/")
    with pytest.raises(NotFound):
        office.queue.attachment(item.presolicitud, "nope")
    with pytest.raises(NotFound):
        office.queue.attachment("nope", item.archivos[0].archivo)


def test_taken_then_returned_with_an_observation_each_mailed_and_audited(office):
    item = _sent(office)
    me = office.people["me"]
    take = parse_body(PresolicitudDecisionBody, {"accion": "TOMAR"})
    assert office.queue.act(OPERATOR, item.presolicitud, take, "10.0.0.1").estado == "EN REVISION"
    with pytest.raises(Conflict):
        office.queue.act(OTHER_OPERATOR, item.presolicitud, take, "10.0.0.2")
    with pytest.raises(Conflict):  # taken by another: only its operator decides
        office.queue.act(OTHER_OPERATOR, item.presolicitud, parse_body(
            PresolicitudDecisionBody, {"accion": "EN_PROCESO"}), "10.0.0.2")
    with pytest.raises(InvalidInput) as no_reason:
        parse_body(PresolicitudDecisionBody, {"accion": "DEVOLVER"})
    assert no_reason.value.details[0]["campo"] == "observacion"
    back = parse_body(PresolicitudDecisionBody, {"accion": "DEVOLVER",
                                                 "observacion": "documentos con más de 30 días calendario"})
    assert office.queue.act(OPERATOR, item.presolicitud, back, "10.0.0.1").estado == "DEVUELTA"
    taken_mail, returned_mail = office.mailer.sent
    assert {taken_mail.to, returned_mail.to} == {me.contact.correo}
    assert "en revisión" in taken_mail.subject and "devuelta" in returned_mail.subject
    assert "documentos con más de 30 días calendario" in returned_mail.text
    assert [(e, v["subject_id"], v["details"]) for e, v in office.audit.events] == [
        (AuditEvent.PRESOLICITUD_ACTED, item.presolicitud, {"estado": "EN REVISION"}),
        (AuditEvent.PRESOLICITUD_ACTED, item.presolicitud, {"estado": "DEVUELTA"})]
    with pytest.raises(Conflict):
        office.queue.act(OPERATOR, item.presolicitud, parse_body(PresolicitudDecisionBody,
                                                                 {"accion": "EN_PROCESO"}), "10.0.0.1")
    [returned] = office.queue.page("DEVUELTA", limit=10, cursor=None).presolicitudes
    assert returned.observacion == "documentos con más de 30 días calendario" and returned.tomada.operador == (
        OPERATOR.person_id)


def test_marked_in_process_straight_from_the_queue(office):
    item = _sent(office)
    result = office.queue.act(OPERATOR, item.presolicitud, parse_body(PresolicitudDecisionBody,
                                                                      {"accion": "EN_PROCESO"}), "10.0.0.1")
    assert result.estado == "EN PROCESO"
    [mail] = office.mailer.sent
    assert "en proceso" in mail.subject
    with pytest.raises(NotFound):
        office.queue.act(OPERATOR, "nope", parse_body(PresolicitudDecisionBody, {"accion": "TOMAR"}), "10.0.0.1")
    with pytest.raises(InvalidInput):
        office.queue.page("OTRO", limit=10, cursor=None)


def test_the_reader_gives_ops_the_rows_of_the_refs_asked(office):
    me, sofia = office.people["me"], office.people["sofia"]
    send(office, me, ready_draft(office, me, sofia.ref).borrador)
    office.now += timedelta(days=1)
    send(office, me, ready_draft(office, me).borrador, key="segunda-clave-00001")
    rows = office.reader.for_affiliates([sofia.ref, me.ref, "desconocido"])
    assert [(r.numero_presolicitud, r.affiliate_ref, r.estado) for r in rows] == [
        ("PS-2026-000002", me.ref, "RADICADA"), ("PS-2026-000001", sofia.ref, "RADICADA")]
    assert office.reader.for_affiliates([office.people["tomas"].ref]) == []
