"""Request and response bodies of the affiliates' Mi cuenta and of the operators' affiliate queues (also the
OpenAPI schemas). Persons are named by `ref`, never by their document number."""

from __future__ import annotations

import base64
import binascii
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from chalicelib.affiliates.supports import MAX_SUPPORT_BYTES, TOO_LARGE
from chalicelib.common.validation import PRINTABLE, Email, FieldValueError, RequestModel, text

Ref = text(64, pattern=r"^[A-Za-z0-9_-]+$")
Place = text(80, pattern=PRINTABLE)
OptionalPlace = text(80, min_length=0, pattern=PRINTABLE)
Address = text(120, pattern=PRINTABLE)
OptionalAddress = text(120, min_length=0, pattern=PRINTABLE)
Landline = text(10, min_length=7, pattern=r"^[0-9]+$")
Mobile = text(10, min_length=10, pattern=r"^3[0-9]{9}$")
Reason = text(500, pattern=PRINTABLE)
LEY_1581_NOTICE = (
    "Los datos personales suministrados serán tratados conforme a la Ley 1581 de 2012 (Ley de Protección de Datos "
    "Personales) y serán utilizados de conformidad con las finalidades para el cumplimiento de dichos deberes para "
    "afiliados indicados en su Política de Tratamiento de Datos Personales y las autorizaciones dadas por el "
    "titular. La Política de Tratamiento de Datos Personales puede ser consultada en "
    "http://www.sos.com.co/portal/afiliados/transparencia/politica-de-datos/; así mismo, podrá ejercer sus derechos "
    "a conocer, actualizar, rectificar y suprimir sus datos a través del correo electrónico "
    "proteccion@proteccion-de-datos.com.co.")


def _blank_as_none(value):
    return None if isinstance(value, str) and not value.strip() else value


# --- shared views ---------------------------------------------------------------------------------------------
class ContactView(BaseModel):
    correo: str | None = None
    correo_alternativo: str | None = None
    telefono_residencia: str | None = None
    telefono_adicional: str | None = None
    celular: str | None = None
    celular_alterno: str | None = None
    direccion_residencia: str | None = None
    departamento_residencia: str | None = None
    ciudad_residencia: str | None = None
    barrio: str | None = None
    localidad: str | None = None
    direccion_correspondencia: str | None = None
    departamento_correspondencia: str | None = None
    ciudad_correspondencia: str | None = None
    etnia: str | None = None
    escolaridad: str | None = None


class PendingChangeView(BaseModel):
    """A novedad sent from the portal the EPS has not applied yet (shown as pending)."""

    fecha: datetime
    campos: dict[str, str]


class IpsView(BaseModel):
    nit: str
    sucursal: str
    nombre: str
    direccion: str | None
    telefono: str | None
    municipio: str | None


# --- home -------------------------------------------------------------------------------------------------------
class PersonalDataView(ContactView):
    ref: str
    tipo_documento: str
    numero_documento: str
    nombre: str
    fecha_nacimiento: date
    genero: str


class PbsView(BaseModel):
    estado_afiliacion: str
    regimen: str
    tipo_afiliado: str
    ips_primaria: IpsView | None


class FamilyMemberView(BaseModel):
    ref: str | None = Field(description="Solo de los menores de edad que el cotizante gestiona")
    nombre: str
    tipo_documento: str
    numero_documento: str = Field(description="Completo para los menores; enmascarado para los mayores de edad")
    parentesco: str
    estado_afiliacion: str
    ips_primaria: str | None
    menor_de_edad: bool
    novedades_pendientes: list[PendingChangeView] = []


class PacView(BaseModel):
    plan: str
    contrato: str
    estado: str
    vigencia_desde: date
    vigencia_hasta: date | None


class HomeView(BaseModel):
    datos_personales: PersonalDataView
    novedades_pendientes: list[PendingChangeView]
    pbs: PbsView
    grupo_familiar: list[FamilyMemberView]
    pac: list[PacView]

    @property
    def records_read(self) -> int:
        return 1 + len(self.grupo_familiar)


# --- datos personales -----------------------------------------------------------------------------------------
class ManagedPersonView(BaseModel):
    ref: str
    nombre: str
    tipo_documento: str
    numero_documento: str
    titular: bool
    datos: ContactView
    novedades_pendientes: list[PendingChangeView]


class PersonalDataPage(BaseModel):
    personas: list[ManagedPersonView]
    obligatorios: list[str]
    aviso: str = LEY_1581_NOTICE

    @property
    def records_read(self) -> int:
        return len(self.personas)


class PersonalDataUpdate(RequestModel):
    """«Escoger beneficiario» (one or more refs) and the fields of «Actualizar datos personales» (* required)."""

    personas: list[Ref] = Field(json_schema_extra={"minItems": 1, "maxItems": 20})
    departamento_residencia: Place
    ciudad_residencia: Place
    direccion_residencia: Address
    barrio: OptionalPlace | None = None
    direccion_correspondencia: OptionalAddress | None = None
    departamento_correspondencia: OptionalPlace | None = None
    ciudad_correspondencia: OptionalPlace | None = None
    localidad: OptionalPlace | None = None
    correo: Email | None = None
    correo_confirmacion: Email | None = None
    correo_alternativo: Email | None = None
    telefono_residencia: Landline | None = None
    telefono_adicional: Landline | None = None
    celular: Mobile | None = None
    celular_alterno: Mobile | None = None
    etnia: OptionalPlace | None = None
    escolaridad: OptionalPlace | None = None

    _blanks = field_validator(
        "barrio", "direccion_correspondencia", "departamento_correspondencia", "ciudad_correspondencia",
        "localidad", "correo", "correo_confirmacion", "correo_alternativo", "telefono_residencia",
        "telefono_adicional", "celular", "celular_alterno", "etnia", "escolaridad", mode="before")(_blank_as_none)

    @field_validator("personas")
    @classmethod
    def _someone(cls, value: list[str]) -> list[str]:
        if not 1 <= len(value) <= 20:
            raise ValueError("Seleccione entre 1 y 20 personas")
        return value

    @field_validator("celular", "celular_alterno", mode="before")
    @classmethod
    def _mobile(cls, value):
        if value is not None and not (isinstance(value, str) and len(value) == 10 and value.isdigit()
                                      and value.startswith("3")):
            raise ValueError("El celular debe tener 10 dígitos y empezar por 3")
        return value

    @field_validator("telefono_residencia", "telefono_adicional", mode="before")
    @classmethod
    def _landline(cls, value):
        if value is not None and not (isinstance(value, str) and value.isdigit() and 7 <= len(value) <= 10):
            raise ValueError("El teléfono debe tener entre 7 y 10 dígitos")
        return value

    @model_validator(mode="after")
    def _emails_match(self):
        if (self.correo or "").lower() != (self.correo_confirmacion or "").lower():
            raise FieldValueError("correo_confirmacion", "El correo electrónico y su confirmación no coinciden")
        return self


class PersonalDataResult(BaseModel):
    mensaje: str
    novedad: str | None = None
    correo_por_confirmar: str | None = Field(None, description="Dirección (enmascarada) a la que se envió el enlace")


class EmailConfirmation(RequestModel):
    codigo: text(100, pattern=r"^[A-Za-z0-9_.-]+$")


class MessageView(BaseModel):
    mensaje: str


# --- documentos -------------------------------------------------------------------------------------------------
class PendingSupportView(BaseModel):
    ref: str
    nombre: str
    tipo_soporte: str
    fecha: date
    estado: str = Field(description="PENDIENTE, RECIBIDO (en revisión), DEVUELTO (envíelo de nuevo) o ACEPTADO")
    motivo: str | None = None


class SupportsPage(BaseModel):
    documentos: list[PendingSupportView]
    formatos: list[str] = ["PDF", "JPG", "PNG"]
    tamano_maximo_bytes: int

    @property
    def records_read(self) -> int:
        return len(self.documentos)


_BASE64_LIMIT = 4 * (MAX_SUPPORT_BYTES // 3 + 8)  # room for a file a few bytes over the limit, to name it


class FileUpload(RequestModel):
    """A file sent in a JSON body (base64), checked by its first bytes and size by the service (supports.py)."""

    nombre_archivo: text(120, pattern=r"^[^\x00-\x1f\x7f/\\]+$")
    contenido: str = Field(description="El archivo en base64 (PDF, JPG o PNG; máximo 2 MB)",
                           json_schema_extra={"minLength": 1, "maxLength": _BASE64_LIMIT})

    @field_validator("contenido")
    @classmethod
    def _base64(cls, value: str) -> str:
        if len(value) > _BASE64_LIMIT:  # the service says the same of a file just over 2 MB
            raise ValueError(TOO_LARGE)
        try:
            base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValueError("El archivo no llegó completo; selecciónelo de nuevo") from exc
        return value

    def data(self) -> bytes:
        return base64.b64decode(self.contenido)


class SupportUpload(FileUpload):
    ref: Ref
    tipo_soporte: text(80, pattern=PRINTABLE)


class SupportsSubmission(RequestModel):
    """«Enviar documentos»: up to 2 files per request (the API takes at most 6 MB)."""

    archivos: list[SupportUpload] = Field(json_schema_extra={"minItems": 1, "maxItems": 2})

    @field_validator("archivos")
    @classmethod
    def _one_or_two(cls, value: list) -> list:
        if not 1 <= len(value) <= 2:
            raise ValueError("Envíe uno o dos archivos por solicitud")
        return value


class SupportsSent(BaseModel):
    mensaje: str
    envio: str


# --- cambio de IPS ----------------------------------------------------------------------------------------------
class IpsChangeFormView(BaseModel):
    correo_alternativo: str | None
    correo: str | None
    telefono_residencia: str | None
    telefono_fijo_alternativo: str | None
    celular: str | None
    direccion_residencia: str | None
    departamento_residencia: str | None
    municipio_residencia: str | None


class OpenIpsChangeView(BaseModel):
    solicitud: str
    fecha: datetime
    ips_deseada: str
    estado: str


class IpsChangePersonView(BaseModel):
    ref: str
    nombre: str
    ips_actual: IpsView | None
    formulario: IpsChangeFormView
    ips_disponibles: list[IpsView]
    solicitud_en_tramite: OpenIpsChangeView | None


class IpsChangePage(BaseModel):
    personas: list[IpsChangePersonView]
    motivos: list[str]
    aviso: str = ("Los beneficiarios mayores de edad y/o cónyuge cotizante deben registrarse en la Oficina Virtual "
                  "para solicitar directamente el cambio de IPS (Ley 1581 de 2012).")

    @property
    def records_read(self) -> int:
        return len(self.personas)


IPS_CHANGE_REASONS = ("Cambio de residencia", "Cercanía al lugar de trabajo", "Inconformidad con el servicio",
                      "Otro")


class IpsChangeForm(RequestModel):
    ref: Ref
    correo_alternativo: Email | None = None
    correo: Email | None = None
    telefono_residencia: Landline
    telefono_fijo_alternativo: Landline
    celular: Mobile
    direccion_residencia: Address
    departamento_residencia: Place
    municipio_residencia: Place
    motivo: Literal[IPS_CHANGE_REASONS]  # type: ignore[valid-type]
    ips_deseada: text(40, pattern=r"^[0-9]{5,15}-[A-Za-z0-9]{1,10}$")

    _blanks = field_validator("correo_alternativo", "correo", mode="before")(_blank_as_none)

    @field_validator("celular", mode="before")
    @classmethod
    def _mobile(cls, value):
        if not (isinstance(value, str) and len(value) == 10 and value.isdigit() and value.startswith("3")):
            raise ValueError("El celular debe tener 10 dígitos y empezar por 3")
        return value


class IpsChangeSent(BaseModel):
    mensaje: str
    solicitud: str


# --- operators --------------------------------------------------------------------------------------------------
class DecisionView(BaseModel):
    operador: str
    fecha: datetime
    motivo: str | None


class SupportQueueItem(BaseModel):
    envio: str
    fecha: datetime
    tipo_documento: str
    numero_documento: str
    nombre: str
    tipo_soporte: str
    nombre_archivo: str
    tamano_bytes: int
    tipo_archivo: str
    estado: str
    enlace: str = Field(description="Enlace temporal (15 minutos) al archivo")
    decision: DecisionView | None = None


class SupportQueue(BaseModel):
    documentos: list[SupportQueueItem]
    siguiente: str | None

    @property
    def records_read(self) -> int:
        return len(self.documentos)


class SupportDecisionBody(RequestModel):
    decision: Literal["ACEPTAR", "DEVOLVER"]
    motivo: Reason | None = None

    @model_validator(mode="after")
    def _reason_to_return(self):
        if self.decision == "DEVOLVER" and not self.motivo:
            raise FieldValueError("motivo", "Indique el motivo de la devolución")
        return self


class IpsChangeQueueItem(BaseModel):
    solicitud: str
    fecha: datetime
    tipo_documento: str
    numero_documento: str
    nombre: str
    ips_actual: str | None
    ips_deseada: str
    motivo_cambio: str
    municipio_residencia: str | None
    estado: str
    decision: DecisionView | None = None


class IpsChangeQueue(BaseModel):
    solicitudes: list[IpsChangeQueueItem]
    siguiente: str | None

    @property
    def records_read(self) -> int:
        return len(self.solicitudes)


class IpsChangeDecisionBody(RequestModel):
    decision: Literal["APROBAR", "RECHAZAR"]
    motivo: Reason | None = None

    @model_validator(mode="after")
    def _reason_to_reject(self):
        if self.decision == "RECHAZAR" and not self.motivo:
            raise FieldValueError("motivo", "Indique el motivo del rechazo")
        return self


class DecisionResult(BaseModel):
    mensaje: str
    estado: str
