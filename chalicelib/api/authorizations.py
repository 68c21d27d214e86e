"""Routes: Autorizaciones Médicas of the affiliates' office — Consultar estado de mi solicitud (seed 003 §4.2.2),
the copy of an OPS (PDF, only ENTREGADA) and Consultar estado de mi solicitud MIPRES (§4.2.3). Affiliate sessions
only; the person is the token's or one of their minors by opaque `ref`; every answer goes to the access log."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib import wiring
from chalicelib.access_log.service import ReadLog
from chalicelib.affiliates.types import AffiliatePrincipal
from chalicelib.api.http import Access, endpoint
from chalicelib.api.query import QueryParam, query_of
from chalicelib.authorizations.schemas import AuthorizationsPage, MipresPage

bp = Blueprint(__name__)
AFFILIATE = Access(affiliate=True)
READS = ReadLog(clear=("mes", "pagina", "numero", "presolicitud"))
AFILIADO = QueryParam("afiliado", {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"},
                     description="`ref` de la persona (el titular o un menor de su grupo); por omisión el titular")
FILTERS = (
    AFILIADO,
    QueryParam("presolicitud", {"type": "string", "pattern": "^[0-9]{1,20}$"}, description="No. Presolicitud"),
    QueryParam("mes", {"type": "string", "pattern": "^(19|20)[0-9]{2}-(0[1-9]|1[0-2])$"},
               description="Filtro por meses: AAAA-MM"),
    QueryParam("pagina", {"type": "integer", "minimum": 1, "maximum": 200, "default": 1},
               description="Página de 10 solicitudes"),
)


def _query(request, declared) -> dict[str, str]:
    return {name: value for name, value in query_of(request, declared).items() if isinstance(value, str)}


@endpoint(bp, "/afiliados/autorizaciones", tag="afiliados", access=AFFILIATE, response=AuthorizationsPage,
          reads=READS, query=FILTERS, errors=(404, 422),
          summary="Consultar estado de mi solicitud: OPS y presolicitudes de la persona, de la más reciente, 10 por "
                  "página, con sus acciones (Copia si ENTREGADA; Pagar si la cuota se puede pagar en línea)")
def authorizations(principal: AffiliatePrincipal, request):
    return wiring.affiliate_authorizations().page(principal, **_query(request, FILTERS))


@endpoint(bp, "/afiliados/autorizaciones/{numero}/copia", tag="afiliados", access=AFFILIATE, reads=READS,
          content_type="application/pdf", errors=(404, 409),
          summary="Copia de la OPS en PDF (código de verificación y QR); solo para OPS en estado ENTREGADA")
def ops_copy(principal: AffiliatePrincipal, numero: str):
    return wiring.affiliate_authorizations().copy(principal, numero)


@endpoint(bp, "/afiliados/mipres", tag="afiliados", access=AFFILIATE, response=MipresPage, reads=READS,
          query=(AFILIADO,), errors=(404, 422),
          summary="Consultar estado de mi solicitud MIPRES: servicio, estado, prestador asignado, autorización, "
                  "vencimiento y valor de cada prescripción de la persona")
def mipres(principal: AffiliatePrincipal, request):
    return wiring.affiliate_authorizations().mipres(principal, **_query(request, (AFILIADO,)))
