"""Responses of "Consultar estado de mi solicitud" and "Consultar estado de mi solicitud MIPRES" (also the OpenAPI
schemas). People are named by `ref`; money in whole pesos."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field


class PersonOption(BaseModel):
    ref: str
    nombre: str


class AffiliateBasics(BaseModel):
    """DATOS BÁSICOS DEL AFILIADO."""

    fecha: date
    tipo_documento: str
    numero_documento: str
    nombre: str
    ips_primaria: str | None
    derecho: str | None


class OpsRowView(BaseModel):
    no_presolicitud: str | None
    no_autorizacion: str | None
    fecha: date
    prestacion: str
    estado: str
    proveedor: str | None = Field(description="Proveedor que atiende: nombre - teléfonos-ciudad")
    vencimiento: date | None
    valor_cuota: int
    observaciones: str | None
    acciones: list[Literal["COPIA", "PAGAR"]]


class AuthorizationsPage(BaseModel):
    personas: list[PersonOption] = Field(description="AFILIADO: el titular y sus beneficiarios menores de edad")
    persona: str
    datos_basicos: AffiliateBasics
    solicitudes: list[OpsRowView]
    pagina: int
    por_pagina: int
    hay_mas: bool
    mensaje: str | None = None

    @property
    def records_read(self) -> int:
        return 1 + len(self.solicitudes)


class MipresRowView(BaseModel):
    no_prescripcion: str
    fecha: date
    servicio: str
    estado: str
    prestador: str | None
    no_autorizacion: str | None
    vencimiento: date | None
    valor: int


class MipresPage(BaseModel):
    personas: list[PersonOption]
    persona: str
    datos_basicos: AffiliateBasics
    prescripciones: list[MipresRowView]
    mensaje: str | None = None

    @property
    def records_read(self) -> int:
        return 1 + len(self.prescripciones)
