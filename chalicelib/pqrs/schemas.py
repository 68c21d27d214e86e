"""Request bodies and views of Contáctenos (Spanish field names, as the portal shows them)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from chalicelib.accounts.schemas import PersonDocumentRef, Phone
from chalicelib.common.validation import PRINTABLE, Email, RequestModel, text
from chalicelib.pqrs.catalogue import MAX_ANSWER, MAX_TEXT, PqrsType

# Line breaks are part of a message; other control characters are not.
MESSAGE = r"^[^\x00-\x09\x0b\x0c\x0e-\x1f\x7f]*$"


class NewPqrs(RequestModel):
    """"Nueva solicitud": the kind and the text. `clave`: an id the page makes once per form, so a double click or
    a retry files one radicado."""

    tipo: PqrsType
    descripcion: text(MAX_TEXT, pattern=MESSAGE)
    clave: text(64, min_length=8, pattern=r"^[A-Za-z0-9_-]+$") | None = None


class ContactForm(PersonDocumentRef):
    """The public contact form (for whoever cannot log in), with the solved «No soy un robot» challenge."""

    nombres: text(120, pattern=PRINTABLE)
    correo: Email
    celular: Phone | None = None
    tipo: PqrsType
    descripcion: text(MAX_TEXT, pattern=MESSAGE)
    reto: text(64)
    nonce: text(64)


class RatingBody(RequestModel):
    estrellas: int = Field(ge=1, le=5, description="1 (la más baja) a 5 (la más alta)")


class AnswerBody(RequestModel):
    respuesta: text(MAX_ANSWER, pattern=MESSAGE)


class TipoView(BaseModel):
    valor: str
    etiqueta: str
    dias_habiles: int


class Filed(BaseModel):
    mensaje: str
    radicado: str
    fecha_vencimiento: date


class PqrsView(BaseModel):
    """"RESULTADO DE LA CONSULTA"."""

    radicado: str
    tipo_solicitud: str
    estado: str
    descripcion: str
    respuesta: str
    fecha_radicacion: datetime
    fecha_vencimiento: date
    puede_calificar: bool
    calificacion: int | None


class PqrsListItem(BaseModel):
    radicado: str
    tipo_solicitud: str
    estado: str
    fecha_radicacion: datetime


class PqrsPage(BaseModel):
    tipos: list[TipoView]
    solicitudes: list[PqrsListItem]


class Message(BaseModel):
    mensaje: str


class Rated(BaseModel):
    mensaje: str
    calificacion: int


class QueueItem(BaseModel):
    radicado: str
    canal: str
    tipo_solicitud: str
    estado: str
    fecha_radicacion: datetime
    fecha_vencimiento: date
    dias_restantes: int = Field(description="Días hábiles hasta el vencimiento; negativo si ya venció")
    vencida: bool
    solicitante: str
    descripcion: str
    respuesta: str | None
    calificacion: int | None


class Queue(BaseModel):
    solicitudes: list[QueueItem]
    siguiente: str | None


class Answered(BaseModel):
    mensaje: str
    estado: str


class MonthIndicator(BaseModel):
    mes: str
    vencen: int
    a_tiempo: int
    tarde: int
    vencidas_sin_respuesta: int
    pendientes: int
    oportunidad: float | None = Field(description="% respondidas a tiempo de las que ya tienen resultado")


class Indicator(BaseModel):
    meses: list[MonthIndicator]
