"""The kinds of request (tipo de solicitud), their legal terms and the states a PQRS goes through.

Terms in business days from the day after filing (Ley 1755 de 2015 art. 14): 15 for any petition (felicitaciones,
quejas, reclamos, sugerencias), 10 for requests of information or documents, 30 for consultas."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class PqrsType(StrEnum):
    FELICITACION = "FELICITACION"
    QUEJA = "QUEJA"
    RECLAMO = "RECLAMO"
    SUGERENCIA = "SUGERENCIA"
    INFORMACION_PARTICULAR = "INFORMACION_PARTICULAR"
    CONSULTA = "CONSULTA"


class PqrsState(StrEnum):
    EN_GESTION = "EN GESTION"
    FINALIZADO = "FINALIZADO"


class Channel(StrEnum):
    PORTAL = "PORTAL"  # filed from the affiliate's office
    CONTACTO = "CONTACTO"  # the public contact form (someone who cannot log in)


@dataclass(frozen=True, slots=True)
class Kind:
    label: str  # as the seed's "Tipo de solicitud" shows it
    business_days: int


PETITION_DAYS = 15
INFORMATION_DAYS = 10
CONSULTA_DAYS = 30

KINDS: dict[PqrsType, Kind] = {
    PqrsType.FELICITACION: Kind("FELICITACION", PETITION_DAYS),
    PqrsType.QUEJA: Kind("QUEJA", PETITION_DAYS),
    PqrsType.RECLAMO: Kind("RECLAMO", PETITION_DAYS),
    PqrsType.SUGERENCIA: Kind("SUGERENCIA", PETITION_DAYS),
    PqrsType.INFORMACION_PARTICULAR: Kind("INFORMACION PARTICULAR", INFORMATION_DAYS),
    PqrsType.CONSULTA: Kind("CONSULTA", CONSULTA_DAYS),
}

MAX_TEXT = 2000  # "Descripción de la solicitud"
MAX_ANSWER = 4000  # "Respuesta de EPS-SOS"
IN_PROCESS_ANSWER = "Esta solicitud se encuentra en gestión"
