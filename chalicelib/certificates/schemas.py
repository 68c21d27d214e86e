"""Bodies and answers of the certificates' and verification's routes (Spanish field names, as the portal shows)."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime

from pydantic import BaseModel, Field, field_validator

from chalicelib.common.validation import RequestModel, text

Ref = text(64, pattern=r"^[A-Za-z0-9_-]+$")
Periodo = text(7, pattern=r"^\d{4}-(0[1-9]|1[0-2])$")
MAX_FILE_BYTES = 2 * 1024 * 1024
_BASE64_LIMIT = 4 * -(-MAX_FILE_BYTES // 3)


class CertificatePerson(BaseModel):
    ref: str
    nombre: str
    relacion: str = Field(description="TITULAR, or the parentesco with the caller (CONYUGE, HIJO…)")
    tipo_afiliado: str
    menor_de_edad: bool
    pac: bool = Field(description="Has (or had) a PAC plan: its afiliación PAC certificate can be generated")


class CertificatesPage(BaseModel):
    """What the three screens offer: whom the affiliation certificate may be about, and the caller's facts that
    decide paz y salvo (independiente, since when) and retención (PAC years)."""

    personas: list[CertificatePerson]
    independiente: bool
    afiliado_desde: str | None = Field(description="AAAA-MM: the first month a paz y salvo may be asked for")
    periodo_actual: str = Field(description="AAAA-MM: the last month a paz y salvo may be asked for")
    anios_pac: list[int] = Field(description="Years the caller had a PAC plan, newest first")

    @property
    def records_read(self) -> int:
        return len(self.personas)


class CertificateRequest(RequestModel):
    persona: Ref | None = Field(default=None, description="Afiliación: the person's ref (the caller if absent)")
    periodo: Periodo | None = Field(default=None, description="Paz y salvo: AAAA-MM")
    historial: bool = Field(default=False, description="Paz y salvo: include the payment history")
    anio: int | None = Field(default=None, ge=1990, le=2100, description="Retención en la fuente PAC: the year")


class FileVerification(RequestModel):
    contenido: str = Field(description="The PDF in base64 (máximo 2 MB)",
                           json_schema_extra={"minLength": 1, "maxLength": _BASE64_LIMIT})

    @field_validator("contenido")
    @classmethod
    def _base64(cls, value: str) -> str:
        if len(value) > _BASE64_LIMIT:
            raise ValueError("El archivo supera el tamaño máximo de 2 MB")
        try:
            base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValueError("El archivo no llegó completo; selecciónelo de nuevo") from exc
        return value

    def data(self) -> bytes:
        return base64.b64decode(self.contenido)


class VerificationView(BaseModel):
    codigo: str
    tipo: str
    fecha_expedicion: datetime
    titular: str = Field(description="Initials and the last three digits of the document, nothing more")
    iniciales: str
    documento_termina_en: str
