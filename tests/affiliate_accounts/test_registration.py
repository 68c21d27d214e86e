"""Issue 23 registration on the fakes: the three Valida outcomes, the robot check before any name, the identity
questions (stable generated decoys), the block on the third failure and its end, the account and its email."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from chalicelib.affiliate_accounts.challenge import solves
from chalicelib.affiliate_accounts.questions import NONE_OF_THE_ABOVE
from chalicelib.affiliate_accounts.registration import (
    ALREADY_REGISTERED,
    BLOCK_SECONDS,
    UNKNOWN_AFFILIATE,
    WRONG_ANSWERS,
)
from chalicelib.affiliate_accounts.schemas import FinishRequest, ValidateRequest
from chalicelib.affiliate_accounts.terms import TERMS_VERSION
from chalicelib.affiliates.types import Contact
from chalicelib.audit.trail import AuditEvent
from chalicelib.common.errors import Conflict, InvalidInput, NotFound, PermissionDenied, TooManyRequests
from tests.affiliate_accounts.fakes import affiliate
from tests.affiliate_accounts.helpers import (
    IP,
    answer,
    finish,
    mailed_password,
    register,
    right_answers,
    validate,
    wrong_answers,
)
from tests.affiliate_accounts.proof import solve


def test_a_known_adult_gets_names_and_three_questions(svc):
    validation = validate(svc)
    assert (validation.affiliate.primer_nombre, validation.affiliate.segundo_nombre) == ("WARNER", "FERNANDO")
    assert [q.key for q in validation.questions] == ["direccion", "fecha_nacimiento", "telefono"]
    for question in validation.questions:
        assert len(question.options) == 5 and question.options[-1] == NONE_OF_THE_ABOVE
        assert len(set(question.options)) == 5
    assert right_answers(validation) == {"direccion": "CALLE 5 # 38-25", "fecha_nacimiento": "23/01/1977",
                                         "telefono": "3104567890"}


def test_an_unknown_document_gets_the_seed_message(svc):
    with pytest.raises(NotFound) as error:
        validate(svc, numero="999999999")
    assert error.value.message == UNKNOWN_AFFILIATE


def test_a_registered_document_is_told_so(svc):
    register(svc)
    with pytest.raises(Conflict) as error:
        validate(svc)
    assert error.value.message == ALREADY_REGISTERED


def test_a_minor_is_refused_until_the_eighteenth_birthday(svc):
    svc.directory.add(affiliate("TI", "1107000111", fecha_nacimiento=date(2008, 3, 3)))
    with pytest.raises(PermissionDenied) as error:
        validate(svc, tipo="TI", numero="1107000111")
    assert error.value.code == "AFFILIATE_MINOR"
    svc.directory.add(affiliate("CC", "1107000222", fecha_nacimiento=date(2008, 3, 2)))  # 18 today (Bogotá)
    assert validate(svc, numero="1107000222").affiliate.doc_number == "1107000222"


def _form(reto: str, nonce: str) -> ValidateRequest:
    return ValidateRequest(tipo_documento="CC", numero_documento="1032456789", reto=reto, nonce=nonce)


def test_no_names_without_the_robot_check(svc):
    challenge = svc.proof.issue(IP)
    wrong = next(str(n) for n in range(10_000) if not solves(challenge.challenge, str(n), challenge.bits))
    with pytest.raises(InvalidInput) as error:
        svc.registration.validate(_form(challenge.challenge, wrong), IP)
    assert error.value.details[0]["campo"] == "nonce"
    # the challenge is spent: even its right nonce no longer opens the names
    with pytest.raises(InvalidInput):
        svc.registration.validate(_form(challenge.challenge, solve(challenge.challenge, challenge.bits)), IP)
    # a challenge the server never issued, however well solved, is refused
    made_up = "x" * 24
    with pytest.raises(InvalidInput):
        svc.registration.validate(_form(made_up, solve(made_up, challenge.bits)), IP)


def test_a_solved_challenge_serves_once(svc):
    challenge = svc.proof.issue(IP)
    nonce = solve(challenge.challenge, challenge.bits)
    svc.registration.validate(_form(challenge.challenge, nonce), IP)
    with pytest.raises(InvalidInput):
        svc.registration.validate(_form(challenge.challenge, nonce), IP)


def test_decoys_are_the_same_on_every_try(svc):
    first, second = validate(svc), validate(svc)
    assert first.questions == second.questions


def test_decoys_are_generated_never_other_affiliates_data(svc):
    others = [affiliate("CC", str(80_000_000 + i), fecha_nacimiento=date(1970 + i, 1 + i % 12, 1 + i),
                        contact=Contact(direccion_residencia=f"CALLE {i} # {i}-{i}", celular=f"31045678{i:02d}"))
              for i in range(1, 25)]
    for other in others:
        svc.directory.add(other)
    theirs = {o.contact.direccion_residencia for o in others} | {o.contact.celular for o in others} | {
        o.fecha_nacimiento.strftime("%d/%m/%Y") for o in others}
    validation = validate(svc)
    decoys = {o for q in validation.questions for o in q.options if o not in (q.answer, NONE_OF_THE_ABOVE)}
    assert len(decoys) == 9
    assert not decoys & theirs


def test_a_missing_datum_makes_none_of_the_above_the_right_answer(svc):
    svc.directory.add(affiliate("CC", "52000111", contact=Contact(direccion_residencia="CARRERA 10 # 20-30")))
    validation = validate(svc, numero="52000111")
    phone = next(q for q in validation.questions if q.key == "telefono")
    assert phone.answer == NONE_OF_THE_ABOVE
    assert all(o.startswith("3") and len(o) == 10 for o in phone.options[:4])


def test_wrong_answers_twice_then_blocked_24_hours_with_a_notice(svc):
    validation = validate(svc)
    for _ in range(2):
        with pytest.raises(InvalidInput) as error:
            answer(svc, validation.ticket, wrong_answers(validation))
        assert error.value.message == WRONG_ANSWERS
    with pytest.raises(TooManyRequests) as error:
        answer(svc, validation.ticket, wrong_answers(validation))
    assert error.value.code == "DOCUMENT_BLOCKED"
    notice = svc.mailer.sent[-1]
    assert notice.to == "warner.gomez@correo.example.co"
    assert "bloqueado" in notice.text and "Contraseña" not in notice.text
    # blocked: neither the right answers nor a new validation go through
    with pytest.raises(TooManyRequests):
        answer(svc, validation.ticket, right_answers(validation))
    with pytest.raises(TooManyRequests):
        validate(svc)
    svc.clock.value += BLOCK_SECONDS - 1
    with pytest.raises(TooManyRequests):
        validate(svc)
    svc.clock.value += 1
    lifted = validate(svc)
    with pytest.raises(InvalidInput):  # the count started again: one failure is a warning, not a block
        answer(svc, lifted.ticket, wrong_answers(lifted))


def test_the_block_notice_needs_an_email_on_file(svc):
    svc.directory.add(replace(svc.directory.find("CC#1032456789"), contact=Contact(celular="3104567890")))
    validation = validate(svc)
    for _ in range(3):
        with pytest.raises((InvalidInput, TooManyRequests)):
            answer(svc, validation.ticket, wrong_answers(validation))
    assert svc.mailer.sent == []
    assert len(svc.trail.of(AuditEvent.AFFILIATE_BLOCKED)) == 1


def test_right_answers_open_the_account_form_only(svc):
    validation = validate(svc)
    with pytest.raises(NotFound):  # the questions' ticket does not open the last step
        finish(svc, validation.ticket)
    ticket = answer(svc, validation.ticket, right_answers(validation))
    with pytest.raises(NotFound):  # nor the other way round
        answer(svc, ticket, right_answers(validation))


def test_registration_mails_user_and_generated_password_and_keeps_the_consent(svc):
    password = register(svc)
    email = svc.mailer.sent[-1]
    assert email.subject == "Registro usuario" and email.to == "warner@correo.example.co"
    assert "Usuario: 1032456789" in email.text and "Recuerde que:" in email.text
    assert mailed_password(email.text) == password and len(password) >= 12
    account = svc.accounts.get("CC#1032456789")
    assert account.must_change_password and account.celular == "3104567890"
    assert account.consent == {"version": TERMS_VERSION, "aceptado_en": "2026-03-02T10:00:00-05:00",
                               "canal": "REGISTRO_AFILIADO", "ip": IP}


def test_an_older_terms_version_is_refused(svc):
    validation = validate(svc)
    ticket = answer(svc, validation.ticket, right_answers(validation))
    with pytest.raises(InvalidInput) as error:
        svc.registration.finish(FinishRequest(ticket=ticket, correo="a@b.co", correo_confirmacion="a@b.co",
                                              celular="3104567890", acepta_terminos=True,
                                              version_terminos="TYC-AFILIADOS-2020-01"), IP)
    assert error.value.details[0]["campo"] == "version_terminos"
    assert svc.accounts.get("CC#1032456789") is None


def test_an_expired_ticket_starts_again(svc):
    validation = validate(svc)
    svc.clock.value += 15 * 60
    with pytest.raises(NotFound) as error:
        answer(svc, validation.ticket, right_answers(validation))
    assert error.value.code == "REGISTRATION_EXPIRED"
