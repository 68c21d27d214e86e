"""Routes: health, the OpenAPI document and the catalogues the forms use."""

from __future__ import annotations

from chalice import Blueprint
from pydantic import BaseModel

from chalicelib.api.http import endpoint
from chalicelib.api.openapi import build_openapi
from chalicelib.common import geo
from chalicelib.common.errors import NotFound
from chalicelib.common.identifiers import DOCUMENT_TYPE_NAMES

bp = Blueprint(__name__)


class HealthResponse(BaseModel):
    estado: str


class CatalogItem(BaseModel):
    codigo: str
    nombre: str


class CatalogResponse(BaseModel):
    items: list[CatalogItem]


@endpoint(bp, "/health", summary="Estado del servicio", tag="sistema", access=None, response=HealthResponse)
def health():
    return HealthResponse(estado="ok")


@endpoint(bp, "/openapi.json", summary="Este documento OpenAPI 3", tag="sistema", access=None)
def openapi_document():
    return build_openapi(bp.current_app)


@endpoint(bp, "/catalogos/tipos-documento", summary="Tipos de documento", tag="catalogos", access=None,
          response=CatalogResponse)
def document_types():
    return CatalogResponse(items=[CatalogItem(codigo=t.value, nombre=n) for t, n in DOCUMENT_TYPE_NAMES.items()])


@endpoint(bp, "/catalogos/departamentos", summary="Departamentos de Colombia (DANE)", tag="catalogos",
          access=None, response=CatalogResponse)
def departamentos():
    return CatalogResponse(items=[CatalogItem(codigo=d.code, nombre=d.name) for d in geo.departamentos()])


@endpoint(bp, "/catalogos/departamentos/{code}/ciudades", summary="Municipios de un departamento (DANE)",
          tag="catalogos", access=None, response=CatalogResponse, errors=(404,))
def municipios(code: str):
    cities = geo.municipios(code)
    if not cities:
        raise NotFound("Departamento no encontrado", code="DEPARTAMENTO_NOT_FOUND")
    return CatalogResponse(items=[CatalogItem(codigo=m.code, nombre=m.name) for m in cities])
