"""A PQRS as plain values (the repository maps its records to these)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from chalicelib.pqrs.catalogue import Channel, PqrsState, PqrsType


@dataclass(frozen=True, slots=True)
class Sender:
    """Who wrote through the public contact form, as typed (nothing checked against the EPS's data)."""

    tipo_documento: str
    numero_documento: str
    nombres: str
    correo: str
    celular: str | None = None


@dataclass(frozen=True, slots=True)
class Answer:
    text: str
    by: str  # the operator's person id
    at: datetime


@dataclass(frozen=True, slots=True)
class Pqrs:
    radicado: str  # "AAAA-NNNNNN"
    tipo: PqrsType
    channel: Channel
    descripcion: str  # as filed (the portal's prefix naming the contact, then the text typed)
    filed_at: datetime
    due_on: date
    state: PqrsState
    affiliate: str | None = None  # identity of the owner (portal); None for the contact form
    sender: Sender | None = None  # the contact form's
    answer: Answer | None = None
    rating: int | None = None
    rated_at: datetime | None = None
