"""Views of the access log."""

from __future__ import annotations

from pydantic import BaseModel


class AccessEntryView(BaseModel):
    fecha: str  # Bogotá ISO time
    prestador: str
    persona: str
    rol: str
    metodo: str
    ruta: str
    parametros: dict[str, str]  # a value starting with "hmac:" is a keyed hash of what was given
    estado: int
    registros: int
    ip: str


class AccessPage(BaseModel):
    accesos: list[AccessEntryView]
    siguiente: str | None
