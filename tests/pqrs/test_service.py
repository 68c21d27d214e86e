"""Contáctenos' rules on fakes: radicados, the legal clock over Colombian holidays, own radicados only, one rating
after FINALIZADO, the operators' answer and on-time rate, the public form's robot check and throttle."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from chalicelib.accounts.permissions import OPERATIONS_TENANT, Principal, Role
from chalicelib.common.business_days import add_business_days, is_business_day
from chalicelib.common.clock import BOGOTA
from chalicelib.common.errors import Conflict, InvalidInput, NotFound, TooManyRequests
from chalicelib.common.validation import parse_body
from chalicelib.pqrs import contact, service
from chalicelib.pqrs.catalogue import IN_PROCESS_ANSWER, PqrsType
from chalicelib.pqrs.deadlines import due_date
from chalicelib.pqrs.schemas import AnswerBody, ContactForm, NewPqrs
from tests.affiliate_accounts.proof import solve
from tests.affiliates.micuenta.fakes import caller

ME = "CC#1032456789"
OTHER = "CC#66900111"
IP = "203.0.113.9"


def new(desk, who=ME, tipo="QUEJA", text="La cita fue cancelada sin aviso", clave=None):
    body = parse_body(NewPqrs, {"tipo": tipo, "descripcion": text, **({"clave": clave} if clave else {})})
    return desk.affiliates.file(caller(desk.directory.find(who)), body)


def operator() -> Principal:
    return Principal(person_id="CC#31000111", provider_id=OPERATIONS_TENANT, role=Role.OPERADOR, menus=frozenset(),
                     session_id="s-op", must_change_password=False)


def test_the_terms_are_counted_in_business_days_over_colombian_holidays():
    thursday = date(2026, 3, 19)
    assert not is_business_day(date(2026, 3, 23))  # San José, moved to Monday
    assert not is_business_day(date(2026, 4, 2)) and not is_business_day(date(2026, 4, 3))  # Semana Santa
    # Without the holidays 15 business days would end on 9 April; San José and Semana Santa push it to the 14th.
    assert due_date(thursday, PqrsType.QUEJA) == date(2026, 4, 14)
    assert due_date(thursday, PqrsType.INFORMACION_PARTICULAR) == date(2026, 4, 7)
    assert due_date(thursday, PqrsType.CONSULTA) == date(2026, 5, 6)
    assert add_business_days(date(2026, 3, 21), 1) == date(2026, 3, 24)  # filed on a Saturday: Tuesday


def test_filing_gives_a_radicado_of_the_year_and_emails_it(desk):
    first, second = new(desk), new(desk, tipo="FELICITACION")
    assert (first.radicado, second.radicado) == ("2026-000001", "2026-000002")
    assert first.fecha_vencimiento == date(2026, 4, 14)
    assert "2026-000001" in first.mensaje
    mail = desk.mailer.sent[0]
    assert mail.to == "luis.gomez@correo.example.co" and "2026-000001" in mail.text and "2026-04-14" in mail.text


def test_a_double_submit_files_one_radicado_and_one_email(desk):
    one = new(desk, clave="form-1234abcd")
    again = new(desk, clave="form-1234abcd")
    assert one.radicado == again.radicado
    assert len(desk.store.items) == 1 and len(desk.mailer.sent) == 1
    assert new(desk, clave="form-other-key").radicado != one.radicado


def test_the_owner_finds_it_in_process_and_nobody_else_finds_it(desk):
    filed = new(desk, text="Excelente servicio, muy rapido")
    view = desk.affiliates.find(caller(desk.directory.find(ME)), filed.radicado)
    assert (view.tipo_solicitud, view.estado, view.respuesta) == ("QUEJA", "EN GESTION", IN_PROCESS_ANSWER)
    assert view.descripcion == ("Contacto realizado por el usuario CC 1032456789 con el correo registrado "
                                "luis.gomez@correo.example.co a través de la Oficina Virtual Afiliados. "
                                "Excelente servicio, muy rapido")
    for who, radicado in ((OTHER, filed.radicado), (ME, "2026-999999"), (ME, "../x")):
        with pytest.raises(NotFound) as refused:
            desk.affiliates.find(caller(desk.directory.find(who)), radicado)
        assert refused.value.message == service.NOT_FOUND
    assert [s.radicado for s in desk.affiliates.mine(caller(desk.directory.find(ME))).solicitudes] == [filed.radicado]
    assert desk.affiliates.mine(caller(desk.directory.find(OTHER))).solicitudes == []


def test_rating_only_once_and_only_after_the_answer(desk):
    me = caller(desk.directory.find(ME))
    filed = new(desk, tipo="INFORMACION_PARTICULAR")
    with pytest.raises(Conflict) as early:
        desk.affiliates.rate(me, filed.radicado, 5)
    assert early.value.message == service.NOT_FINISHED
    desk.operators.answer(operator(), filed.radicado, AnswerBody(respuesta="Agradecemos sus comentarios"), IP)
    view = desk.affiliates.find(me, filed.radicado)
    assert (view.estado, view.respuesta, view.puede_calificar) == ("FINALIZADO", "Agradecemos sus comentarios", True)
    with pytest.raises(NotFound):
        desk.affiliates.rate(caller(desk.directory.find(OTHER)), filed.radicado, 5)
    assert desk.affiliates.rate(me, filed.radicado, 4).calificacion == 4
    with pytest.raises(Conflict) as twice:
        desk.affiliates.rate(me, filed.radicado, 5)
    assert twice.value.message == service.ALREADY_RATED
    view = desk.affiliates.find(me, filed.radicado)
    assert (view.calificacion, view.puede_calificar) == (4, False)


def test_the_answer_is_given_once_mailed_and_audited_without_the_text(desk):
    filed = new(desk)
    answered = desk.operators.answer(operator(), filed.radicado, AnswerBody(respuesta="Se reprogramó su cita"), IP)
    assert answered.estado == "FINALIZADO"
    with pytest.raises(Conflict):
        desk.operators.answer(operator(), filed.radicado, AnswerBody(respuesta="Otra"), IP)
    with pytest.raises(NotFound):
        desk.operators.answer(operator(), "2026-000404", AnswerBody(respuesta="Otra"), IP)
    mail = desk.mailer.sent[-1]
    assert mail.to == "luis.gomez@correo.example.co" and "Se reprogramó su cita" in mail.text
    [(event, values)] = desk.audit.events
    assert event.value == "PQRS_RESPONDIDA" and values["subject_id"] == filed.radicado
    assert "Se reprogramó" not in repr(values) and "1032456789" not in repr(values)


def test_the_queue_shows_days_left_and_overdue_soonest_first(desk):
    late = new(desk)  # due 14 April
    desk.now = datetime(2026, 4, 6, 9, 0, tzinfo=BOGOTA)
    soon = new(desk, tipo="INFORMACION_PARTICULAR")  # due 10 business days later: 20 April
    desk.now = datetime(2026, 4, 16, 9, 0, tzinfo=BOGOTA)
    queue = desk.operators.queue(None, limit=10, cursor=None).solicitudes
    assert [(q.radicado, q.dias_restantes, q.vencida) for q in queue] == [(late.radicado, -2, True),
                                                                          (soon.radicado, 2, False)]
    assert queue[0].solicitante == "LUIS FERNANDO GÓMEZ RUIZ (CC 1032456789)"
    with pytest.raises(InvalidInput):
        desk.operators.queue("ABIERTA", limit=10, cursor=None)


def test_the_monthly_on_time_rate(desk):
    on_time, late, overdue, pending = (new(desk) for _ in range(4))  # all due 14 April
    desk.now = datetime(2026, 4, 14, 17, 0, tzinfo=BOGOTA)
    desk.operators.answer(operator(), on_time.radicado, AnswerBody(respuesta="A tiempo"), IP)
    desk.now = datetime(2026, 4, 15, 9, 0, tzinfo=BOGOTA)
    desk.operators.answer(operator(), late.radicado, AnswerBody(respuesta="Tarde"), IP)
    april = desk.operators.indicator("2026-04").meses[-1]
    assert (april.mes, april.vencen, april.a_tiempo, april.tarde, april.vencidas_sin_respuesta) == (
        "2026-04", 4, 1, 1, 2)
    assert april.oportunidad == 25.0
    months = desk.operators.indicator("2026-04").meses
    assert [m.mes for m in months] == ["2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04"]
    assert months[0].oportunidad is None  # no PQRS due: no rate, not 0 %
    desk.now = datetime(2026, 4, 14, 9, 0, tzinfo=BOGOTA) - timedelta(days=1)
    assert desk.operators.indicator("2026-04").meses[-1].pendientes == 2
    with pytest.raises(InvalidInput):
        desk.operators.indicator("abril")
    assert pending and overdue


def contact_form(desk, **overrides) -> ContactForm:
    challenge = desk.proof.issue(IP)
    return parse_body(ContactForm, {
        "tipo_documento": "CC", "numero_documento": "52123456", "nombres": "ANA PÉREZ",
        "correo": "ana@correo.example.co", "tipo": "RECLAMO", "descripcion": "No puedo ingresar a la oficina virtual",
        "reto": challenge.challenge, "nonce": solve(challenge.challenge, challenge.bits), **overrides})


def test_the_public_form_answers_the_same_whoever_writes_and_mails_the_radicado(desk):
    known = desk.contact.submit(contact_form(desk, numero_documento="1032456789"), IP)
    unknown = desk.contact.submit(contact_form(desk, numero_documento="99999999", correo="x@correo.example.co"), IP)
    assert known == unknown and known.mensaje == contact.RECEIVED
    first, second = desk.mailer.sent
    assert first.text.replace("000001", "000002") == second.text  # nothing but the radicado differs
    [filed] = [p for p in desk.store.items.values() if p.sender and p.sender.numero_documento == "99999999"]
    assert (filed.channel.value, filed.affiliate) == ("CONTACTO", None)
    queue = desk.operators.queue(None, limit=10, cursor=None).solicitudes
    assert {q.canal for q in queue} == {"CONTACTO"} and "formulario de contacto" in queue[0].solicitante
    desk.operators.answer(operator(), filed.radicado, AnswerBody(respuesta="Restablecimos su acceso"), IP)
    assert desk.mailer.sent[-1].to == "x@correo.example.co" and "calificar" not in desk.mailer.sent[-1].text


def test_the_public_form_needs_a_solved_challenge_once_and_is_throttled(desk):
    form = contact_form(desk)
    desk.contact.submit(form, IP)
    with pytest.raises(InvalidInput) as reused:
        desk.contact.submit(form, IP)
    assert reused.value.details == [{"campo": "nonce", "mensaje": contact.ROBOT_CHECK_FAILED}]
    with pytest.raises(InvalidInput):
        desk.contact.submit(contact_form(desk, nonce="not-a-solution-zzzz"), IP)
    for n in range(contact.PER_IP_PER_HOUR - 3):
        desk.contact.submit(contact_form(desk, correo=f"p{n}@correo.example.co"), IP)
    with pytest.raises(TooManyRequests):
        desk.contact.submit(contact_form(desk, correo="late@correo.example.co"), IP)
    assert len(desk.store.items) == contact.PER_IP_PER_HOUR - 2
