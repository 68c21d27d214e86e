"""Steps of the registration as the portal takes them, on the services of conftest.Affiliates."""

from __future__ import annotations

import re

from chalicelib.affiliate_accounts.registration import Validation
from chalicelib.affiliate_accounts.schemas import AnswersRequest, FinishRequest, ValidateRequest
from chalicelib.affiliate_accounts.terms import TERMS_VERSION
from tests.affiliate_accounts.proof import solve

IP = "203.0.113.7"


def validate(svc, numero: str = "1032456789", tipo: str = "CC") -> Validation:
    challenge = svc.proof.issue(IP)
    return svc.registration.validate(ValidateRequest(tipo_documento=tipo, numero_documento=numero,
                                                     reto=challenge.challenge,
                                                     nonce=solve(challenge.challenge, challenge.bits)), IP)


def right_answers(validation: Validation) -> dict[str, str]:
    return {q.key: q.answer for q in validation.questions}


def wrong_answers(validation: Validation) -> dict[str, str]:
    answers = right_answers(validation)
    question = validation.questions[0]
    answers[question.key] = next(o for o in question.options if o != question.answer)
    return answers


def answer(svc, ticket: str, answers: dict[str, str]) -> str:
    return svc.registration.answer(AnswersRequest(ticket=ticket, respuestas=answers), IP)


def finish(svc, ticket: str, correo: str = "warner@correo.example.co") -> None:
    svc.registration.finish(FinishRequest(ticket=ticket, correo=correo, correo_confirmacion=correo,
                                          celular="3104567890", acepta_terminos=True,
                                          version_terminos=TERMS_VERSION), IP)


def register(svc, numero: str = "1032456789") -> str:
    """The whole registration; the password the "Registro usuario" email carried."""
    validation = validate(svc, numero)
    finish(svc, answer(svc, validation.ticket, right_answers(validation)))
    return mailed_password(svc.mailer.sent[-1].text)


def mailed_password(text: str) -> str:
    return re.search(r"Contraseña: (\S+)", text).group(1)
