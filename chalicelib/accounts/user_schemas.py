"""Bodies of "Mi cuenta": users (administrator), password change and recovery, profile, audit."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, field_validator, model_validator

from chalicelib.accounts.password_policy import MAX_LENGTH
from chalicelib.accounts.permissions import Menu
from chalicelib.accounts.schemas import ContactData, CorporateEmail, PersonDocumentRef, ProviderSummary
from chalicelib.audit.trail import AuditEvent
from chalicelib.common.identifiers import DocumentType
from chalicelib.common.validation import FieldValueError, RequestModel, secret, text

NOT_EDITABLE = {
    "tipo_documento": "El tipo de documento no es editable",
    "numero_documento": "El número de documento no es editable",
    "correo": "El correo electrónico corporativo no es editable",
    "correo_confirmacion": "El correo electrónico corporativo no es editable",
}


NO_MENUS = "Seleccione al menos un menú: un usuario delegado sin menús no puede usar la Oficina Virtual"


class DelegateForm(PersonDocumentRef, ContactData, CorporateEmail):
    permisos: list[Menu] = []

    @field_validator("permisos")
    @classmethod
    def _some_menu(cls, value: list[Menu]) -> list[Menu]:
        if not value:
            raise ValueError(NO_MENUS)
        return value


class DelegateEdit(ContactData):
    permisos: list[Menu] = []
    tipo_documento: Any = None
    numero_documento: Any = None
    correo: Any = None
    correo_confirmacion: Any = None

    @field_validator("tipo_documento", "numero_documento", "correo", "correo_confirmacion")
    @classmethod
    def _not_editable(cls, value: Any, info) -> Any:
        raise ValueError(NOT_EDITABLE[info.field_name])


class StateChange(RequestModel):
    estado: Literal["ACTIVA", "INACTIVA"]  # an enum in the OpenAPI document, as the check is


class PasswordChange(RequestModel):
    contrasena_actual: secret(MAX_LENGTH)
    contrasena_nueva: secret(MAX_LENGTH)
    confirmacion: secret(MAX_LENGTH)

    @model_validator(mode="after")
    def _confirmed(self):
        if self.contrasena_nueva != self.confirmacion:
            raise FieldValueError("confirmacion", "La nueva contraseña y su confirmación no coinciden")
        return self


class PasswordRecovery(RequestModel):
    tipo_documento: DocumentType
    numero_documento: text(20)


class UserView(BaseModel):
    usuario_id: str
    tipo_documento: str
    numero_documento: str
    nombre: str
    primer_nombre: str
    segundo_nombre: str | None
    primer_apellido: str
    segundo_apellido: str | None
    correo: str
    perfil: str
    rol: str
    estado: str
    permisos: list[str]
    cargo: str
    area: str
    departamento: str | None
    ciudad: str | None
    telefono: str | None
    extension: str | None
    celular: str | None
    fin_vigencia: str


class UserPage(BaseModel):
    usuarios: list[UserView]
    siguiente: str | None


class MessageResponse(BaseModel):
    mensaje: str


class ConsentView(BaseModel):
    """Ley 1581: the data-processing authorisation the person gave."""

    politica: str
    version: str
    aceptado_en: str
    canal: str
    ip: str
    vigente: bool  # accepted the current version of the policy


class ConsentPolicy(BaseModel):
    """What the portal shows before asking for the authorisation (and sends back: `version`)."""

    politica: str
    version: str
    texto: str


class ConsentRequest(RequestModel):
    acepta_tratamiento_datos: bool
    version: text(20)

    @field_validator("acepta_tratamiento_datos")
    @classmethod
    def _accepted(cls, value: bool) -> bool:
        if not value:
            raise ValueError("Debe autorizar el tratamiento de sus datos personales")
        return value


class UnlockConfirmation(RequestModel):
    codigo: text(64, pattern=r"^[A-Za-z0-9_-]{20,64}$")


class ProfileResponse(BaseModel):
    numero_identificacion: str
    nombre: str
    correo_registrado: str
    telefono_celular: str | None
    prestador: ProviderSummary
    cargo: str
    area: str
    telefono: str | None
    extension: str | None
    perfil_usuario: str
    fin_vigencia_usuario: str
    autorizacion_datos: ConsentView | None = None


class InvitationList(BaseModel):
    invitaciones: list[ProviderSummary]


class AuditEventView(BaseModel):
    fecha: str
    evento: AuditEvent
    actor: str | None
    afectado: str | None
    ip: str | None
    detalle: dict[str, Any] | None


class AuditPageView(BaseModel):
    eventos: list[AuditEventView]
    siguiente: str | None
