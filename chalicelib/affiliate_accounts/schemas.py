"""Request and response bodies of the affiliates' registration, sessions and account (also the OpenAPI schemas)."""

from __future__ import annotations

from pydantic import BaseModel, field_validator

from chalicelib.accounts.password_policy import MAX_LENGTH
from chalicelib.accounts.schemas import CorporateEmail, PersonDocumentRef
from chalicelib.common.validation import RequestModel, secret, text

Answer = text(120)


class ChallengeResponse(BaseModel):
    """Find `nonce` (any text up to 64 characters) such that sha256(reto + nonce) starts with `dificultad` zero
    bits; send both with the document. A challenge serves once."""

    reto: str
    dificultad: int
    expira_en: int


class ValidateRequest(PersonDocumentRef):
    reto: text(64)
    nonce: text(64)


class IdentityQuestionView(BaseModel):
    clave: str  # direccion | fecha_nacimiento | telefono: the key of its answer
    pregunta: str
    opciones: list[str]  # four options and "Ninguna de las anteriores"


class ValidateResponse(BaseModel):
    primer_nombre: str
    segundo_nombre: str | None
    primer_apellido: str
    segundo_apellido: str | None
    preguntas: list[IdentityQuestionView]
    ticket: str  # opens the next step (the answers) for a few minutes


class Answers(RequestModel):
    direccion: Answer
    fecha_nacimiento: Answer
    telefono: Answer


class AnswersRequest(RequestModel):
    ticket: text(1000)
    respuestas: Answers


class AnswersResponse(BaseModel):
    mensaje: str
    ticket: str  # opens the last step (email, celular, terms)


class FinishRequest(CorporateEmail):
    ticket: text(1000)
    celular: text(10, min_length=1)
    acepta_terminos: bool
    version_terminos: text(40)

    @field_validator("celular")
    @classmethod
    def _colombian_mobile(cls, value: str) -> str:
        if len(value) != 10 or not value.isdigit() or not value.startswith("3"):
            raise ValueError("El número de celular debe tener 10 dígitos y empezar por 3")
        return value

    @field_validator("acepta_terminos")
    @classmethod
    def _accepted(cls, value: bool) -> bool:
        if not value:
            raise ValueError("Debe leer y aceptar los términos y condiciones de uso")
        return value


class RegisteredResponse(BaseModel):
    mensaje: str
    usuario: str  # the document number: the login is by document


class AffiliateLoginRequest(PersonDocumentRef):
    contrasena: secret(MAX_LENGTH)


class AffiliateSessionResponse(BaseModel):
    token: str
    expira_en: int
    debe_cambiar_contrasena: bool


class AffiliateLookup(PersonDocumentRef):
    """An operator finds the affiliate whose email is to be corrected: by document, as the affiliate tells it."""


class AffiliateFound(BaseModel):
    ref: str  # for PUT /operaciones/afiliados/{ref}/correo
    nombre: str
    correo: str  # masked ("an***@correo.co"): enough for the affiliate to recognise, not to harvest


class EmailCorrection(CorporateEmail):
    """An operator fixes the email an affiliate mistyped when registering (seed 003 line 296)."""
