"""Routes: who read what — the access log of EPS data, for administrators (their provider) and operators (all)."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib import wiring
from chalicelib.access_log.schemas import AccessPage
from chalicelib.accounts.permissions import Principal
from chalicelib.api.http import Access, endpoint
from chalicelib.api.query import PAGING, QueryParam, date_param, page_params

bp = Blueprint(__name__)
PROVIDER = QueryParam("prestador", {"type": "string", "pattern": "^[A-Z]{2}-[0-9]{3,20}$"},
                      description="Tipo y número de documento del prestador, p. ej. NI-900123456")


@endpoint(bp, "/cuenta/accesos", tag="cuenta", access=Access(admin_only=True), response=AccessPage,
          summary="Consultas de datos de la EPS hechas por los usuarios del prestador, de la más reciente",
          query=PAGING, errors=(422,))
def provider_accesses(principal: Principal, request):
    return wiring.access_log().of_provider(principal.provider_id, *page_params(request))


@endpoint(bp, "/operaciones/accesos", tag="operaciones", access=Access(operator_only=True), response=AccessPage,
          summary="Consultas de datos de la EPS: de un prestador (prestador=NI-…) o de todos en un día (fecha)",
          query=(PROVIDER, date_param("fecha", description="Día (AAAA-MM-DD, Bogotá); por omisión hoy"), *PAGING),
          errors=(422,))
def all_accesses(request):
    return wiring.access_log().for_operator(request.query_params or {}, *page_params(request))
