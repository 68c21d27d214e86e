"""Request and response bodies of the accounts API (also the OpenAPI schemas)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, WithJsonSchema, field_validator, model_validator

from chalicelib.accounts.password_policy import MAX_LENGTH
from chalicelib.common.identifiers import PERSON_DOCUMENT_TYPES, DocumentType
from chalicelib.common.validation import PRINTABLE, Email, FieldValueError, RequestModel, secret, text

Name = text(60, pattern=PRINTABLE)
OptionalName = text(60, min_length=0, pattern=PRINTABLE)
Phone = text(15, min_length=7, pattern=r"^[0-9]+$")
Extension = text(6, min_length=1, pattern=r"^[0-9]+$")


class DocumentRef(RequestModel):
    tipo_documento: DocumentType
    numero_documento: text(20)


class PersonDocumentRef(DocumentRef):
    # The OpenAPI document lists the person types only; the validator keeps the seed's message for a NIT.
    tipo_documento: Annotated[DocumentType, WithJsonSchema(
        {"type": "string", "enum": [t.value for t in DocumentType if t in PERSON_DOCUMENT_TYPES]})]

    @field_validator("tipo_documento")
    @classmethod
    def _person_document(cls, value: DocumentType) -> DocumentType:
        if value not in PERSON_DOCUMENT_TYPES:
            raise ValueError("El tipo de documento de una persona no puede ser NIT")
        return value


class ContactData(RequestModel):
    primer_nombre: Name
    segundo_nombre: OptionalName | None = None
    primer_apellido: Name
    segundo_apellido: OptionalName | None = None
    cargo: text(80, pattern=PRINTABLE)
    area: text(80, pattern=PRINTABLE)
    departamento: text(60, pattern=PRINTABLE)
    ciudad: text(60, pattern=PRINTABLE)
    telefono: Phone | None = None
    extension: Extension | None = None
    celular: Phone


class CorporateEmail(RequestModel):
    correo: Email
    correo_confirmacion: Email

    @model_validator(mode="after")
    def _emails_match(self):
        if self.correo.lower() != self.correo_confirmacion.lower():
            raise FieldValueError("correo_confirmacion", "El correo electrónico y su verificación no coinciden")
        return self


class ApplicantForm(PersonDocumentRef, ContactData, CorporateEmail):
    pass


class RegistrationRequest(RequestModel):
    prestador: DocumentRef
    solicitante: ApplicantForm
    acepta_terminos: bool
    # The Contrato's version the applicant read (GET /registro/terminos); an older one is refused.
    version_terminos: text(20) | None = None

    @field_validator("acepta_terminos")
    @classmethod
    def _terms_accepted(cls, value: bool) -> bool:
        if not value:
            raise ValueError("Debe aceptar el contrato de términos y condiciones")
        return value


class LoginRequest(RequestModel):
    tipo_documento: DocumentType
    numero_documento: text(20)
    contrasena: secret(MAX_LENGTH)
    prestador_id: text(40) | None = None


class SwitchProviderRequest(RequestModel):
    prestador_id: text(40)


class ProviderSummary(BaseModel):
    prestador_id: str
    tipo_documento: str
    numero_documento: str
    razon_social: str


class ValidateProviderResponse(BaseModel):
    prestador: ProviderSummary


class CodeRequest(RequestModel):
    # Any text: a mistyped code is answered "not valid or expired" (404), not as a malformed form.
    codigo: text(200)


class ConfirmationRequest(CodeRequest):
    solicitud: text(40) | None = None  # another pending application of the same provider (default: the code's)


class PendingApplication(BaseModel):
    solicitud: str
    propia: bool  # the application this code was mailed for
    nombre: str
    documento: str
    cargo: str
    area: str
    ciudad: str
    correo: str
    solicitada_en: str  # Bogotá time


class PendingApplicationsResponse(BaseModel):
    items: list[PendingApplication]


class TermsResponse(BaseModel):
    version: str
    titulo: str
    clausulas: list[str]


class ApplicationResponse(BaseModel):
    mensaje: str
    prestador: ProviderSummary
    correo_notificaciones: str  # masked: where the confirmation code went


class RegistrationResponse(BaseModel):
    mensaje: str
    prestador: ProviderSummary
    usuario: str


class SessionResponse(BaseModel):
    token: str
    tipo: str = "Bearer"
    expira_en: int
    prestador_actual: ProviderSummary
    rol: str
    permisos: list[str]
    prestadores: list[ProviderSummary]
    debe_cambiar_contrasena: bool
    debe_autorizar_datos: bool = False  # Ley 1581: POST /cuenta/autorizacion-datos with the current version


class MeResponse(BaseModel):
    usuario: str
    nombre: str
    rol: str
    permisos: list[str]
    opciones_mi_cuenta: list[str]
    prestador_actual: ProviderSummary
    debe_cambiar_contrasena: bool
    debe_autorizar_datos: bool = False
