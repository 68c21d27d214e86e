"""Request and response bodies of Registrar mi Solicitud and of the operators' presolicitudes queue (also the
OpenAPI schemas). Persons are named by `ref`, drafts and presolicitudes by opaque ids."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from chalicelib.affiliates.schemas import FileUpload, Ref
from chalicelib.authorizations.presolicitudes_types import MAX_OBSERVACIONES, SUPPORT_TYPES
from chalicelib.common.validation import PRINTABLE, FieldValueError, RequestModel, text

SupportType = Literal["HISTORIA CLINICA VIGENTE", "SOLICITUD MEDICA VIGENTE"]
assert SupportType.__args__ == SUPPORT_TYPES  # noqa: S101 (one list of types: the Literal names them for OpenAPI)
# Free text of several lines: no control character but the line break.
MULTILINE = r"^[^\x00-\x09\x0b-\x1f\x7f]*$"
IdempotencyKey = text(64, min_length=16, pattern=r"^[A-Za-z0-9_-]+$")
OpaqueId = text(64, pattern=r"^[A-Za-z0-9_-]+$")


class PresolicitudTermsView(BaseModel):
    version: str
    titulo: str
    subtitulo: str
    parrafos: list[str]
    servicios: list[str]
    cierre: list[str]
    enlace_mipres: str
    texto_enlace_mipres: str
    actualizacion: str
    recordatorio: str
    aceptacion: str


class PresolicitudTermsAcceptance(RequestModel):
    version: text(40)
    acepto: bool = Field(description="«He leído la notificación juramentada y acepto los términos allí descritos.»")


class TermsConsentView(BaseModel):
    mensaje: str
    version: str
    aceptado_en: datetime


class PresolicitudPerson(BaseModel):
    ref: str
    nombre: str
    tipo_documento: str
    numero_documento: str
    planes: list[str] = Field(description="PBS y los planes PAC activos de la persona")


class PresolicitudPeople(BaseModel):
    personas: list[PresolicitudPerson]

    @property
    def records_read(self) -> int:
        return len(self.personas)


class PresolicitudDraftRequest(RequestModel):
    ref: Ref
    plan: text(80, pattern=PRINTABLE) = "PBS"


class PresolicitudBasicData(BaseModel):
    """DATOS BÁSICOS as the seed shows them."""

    fecha: date
    documento_identidad: str = Field(description="«CC - 1032456789»")
    nombre: str
    ips_primaria: str | None
    plan: str
    recien_nacido: str = Field(description="Sí | No")
    derecho: str | None


class PresolicitudFileView(BaseModel):
    archivo: str
    tipo_soporte: str
    nombre_archivo: str
    tamano_bytes: int
    tipo_archivo: str


class PresolicitudDraft(BaseModel):
    borrador: str
    datos_basicos: PresolicitudBasicData
    archivos: list[PresolicitudFileView]
    tipos_soporte: list[str]
    formatos: list[str]
    tamano_maximo_bytes: int
    maximo_archivos_por_tipo: int
    maximo_observaciones: int

    @property
    def records_read(self) -> int:
        return 1


class PresolicitudFileUpload(FileUpload):
    tipo_soporte: SupportType


class PresolicitudSubmission(RequestModel):
    borrador: OpaqueId
    clave: IdempotencyKey = Field(description="Generada por el cliente una vez por solicitud: un segundo envío con "
                                              "la misma clave devuelve la misma presolicitud")
    observaciones: text(MAX_OBSERVACIONES, min_length=0, pattern=MULTILINE) = Field(
        "", description="Observaciones (Máximo 300 caracteres)")


class PresolicitudSent(BaseModel):
    mensaje: str
    numero: str
    fecha: datetime


# --- operators ------------------------------------------------------------------------------------------------
class PresolicitudQueueFile(BaseModel):
    archivo: str
    tipo_soporte: str
    nombre_archivo: str
    tamano_bytes: int
    tipo_archivo: str


class PresolicitudActionView(BaseModel):
    operador: str
    fecha: datetime


class PresolicitudQueueItem(BaseModel):
    presolicitud: str
    numero: str
    fecha: datetime
    tipo_documento: str
    numero_documento: str
    nombre: str
    plan: str
    observaciones: str
    archivos: list[PresolicitudQueueFile]
    estado: str
    tomada: PresolicitudActionView | None
    decidida: PresolicitudActionView | None
    observacion: str | None


class PresolicitudQueue(BaseModel):
    presolicitudes: list[PresolicitudQueueItem]
    siguiente: str | None

    @property
    def records_read(self) -> int:
        return len(self.presolicitudes)


class PresolicitudDecisionBody(RequestModel):
    accion: Literal["TOMAR", "EN_PROCESO", "DEVOLVER"]
    observacion: text(MAX_OBSERVACIONES, min_length=0, pattern=MULTILINE) | None = None

    @model_validator(mode="after")
    def _observation_when_returned(self):
        if self.accion == "DEVOLVER" and not self.observacion:
            raise FieldValueError("observacion", "Indique la observación de la devolución")
        return self


class PresolicitudDecisionResult(BaseModel):
    mensaje: str
    estado: str


class PresolicitudAttachmentLink(BaseModel):
    nombre_archivo: str
    url: str
    expira_en_segundos: int

    @property
    def records_read(self) -> int:
        return 1
