"""Routes: the operators' affiliate queues — supports received (accept / return with a reason), IPS-change
requests (approve / reject with a reason), and the export of pending novedades (CSV or XLSX). Operators only;
each decision is mailed and audited; each answer with personal data is written to the access log."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib import wiring
from chalicelib.access_log.service import ReadLog
from chalicelib.accounts.permissions import Principal
from chalicelib.affiliates.novedades_export import FORMATS
from chalicelib.affiliates.request_types import IpsChangeState, SupportState
from chalicelib.affiliates.schemas import (
    DecisionResult,
    IpsChangeDecisionBody,
    IpsChangeQueue,
    SupportDecisionBody,
    SupportQueue,
)
from chalicelib.api.http import Access, client_ip, endpoint
from chalicelib.api.query import PAGING, QueryParam, page_params
from chalicelib.common.files import XLSX_CONTENT_TYPE, DownloadLink

bp = Blueprint(__name__)
OPERATOR = Access(operator_only=True)
READS = ReadLog(clear=("estado", "limite", "formato", "envio_id", "solicitud_id"))
SUPPORT_STATE = QueryParam("estado", {"type": "string", "enum": [s.value for s in SupportState],
                                      "default": SupportState.RECIBIDO.value})
IPS_STATE = QueryParam("estado", {"type": "string", "enum": [s.value for s in IpsChangeState],
                                  "default": IpsChangeState.EN_TRAMITE.value})
FORMAT = QueryParam("formato", {"type": "string", "enum": list(FORMATS), "default": "xlsx"})


def _estado(request) -> str | None:
    return (request.query_params or {}).get("estado")


@endpoint(bp, "/operaciones/afiliados/documentos", tag="operaciones", access=OPERATOR, response=SupportQueue,
          reads=READS, query=(SUPPORT_STATE, *PAGING), errors=(422,),
          summary="Documentos enviados por afiliados, del más antiguo: por omisión los RECIBIDOS por revisar, con un "
                  "enlace temporal a cada archivo")
def supports(request):
    return wiring.affiliate_support_queue().page(_estado(request), **_paging(request))


@endpoint(bp, "/operaciones/afiliados/documentos/{envio_id}/decision", "POST", tag="operaciones", access=OPERATOR,
          request=SupportDecisionBody, response=DecisionResult, errors=(404, 409, 422),
          summary="Acepta o devuelve (con el motivo) un documento; se informa al afiliado por correo")
def decide_support(principal: Principal, envio_id: str, body: SupportDecisionBody, request):
    return wiring.affiliate_support_queue().decide(principal, envio_id, body, client_ip(request))


@endpoint(bp, "/operaciones/afiliados/cambios-ips", tag="operaciones", access=OPERATOR, response=IpsChangeQueue,
          reads=READS, query=(IPS_STATE, *PAGING), errors=(422,),
          summary="Solicitudes de cambio de IPS, de la más antigua: por omisión las que están EN_TRAMITE")
def ips_changes(request):
    return wiring.affiliate_ips_queue().page(_estado(request), **_paging(request))


@endpoint(bp, "/operaciones/afiliados/cambios-ips/{solicitud_id}/decision", "POST", tag="operaciones",
          access=OPERATOR, request=IpsChangeDecisionBody, response=DecisionResult, errors=(404, 409, 422),
          summary="Aprueba o rechaza (con el motivo) una solicitud de cambio de IPS; se informa al afiliado por correo")
def decide_ips_change(principal: Principal, solicitud_id: str, body: IpsChangeDecisionBody, request):
    return wiring.affiliate_ips_queue().decide(principal, solicitud_id, body, client_ip(request))


@endpoint(bp, "/operaciones/afiliados/novedades", tag="operaciones", access=OPERATOR, response=DownloadLink,
          reads=READS, query=(FORMAT,), content_type=XLSX_CONTENT_TYPE, errors=(422,),
          summary="Novedades de afiliados pendientes de aplicar, en XLSX (por omisión) o CSV; si el archivo supera "
                  "4 MB, JSON con un enlace temporal al mismo archivo")
def novedades(principal: Principal, request):
    file_format = (request.query_params or {}).get("formato", "xlsx")
    return wiring.affiliate_novedades_export().export(principal, file_format, client_ip(request))


def _paging(request) -> dict:
    limit, cursor = page_params(request)
    return {"limit": limit, "cursor": cursor}
