"""Routes: Autorizaciones Médicas > Registrar mi Solicitud (seed 003 §4.2.1) for affiliate sessions, and the
operators' presolicitudes queue. The person is the token's or an own minor named by `ref`; drafts, files and
presolicitudes by opaque ids. Every answer with personal data, and every attachment link, is in the access log."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib import wiring
from chalicelib.access_log.service import ReadLog
from chalicelib.accounts.permissions import Principal
from chalicelib.affiliates.types import AffiliatePrincipal
from chalicelib.api.http import Access, client_ip, endpoint
from chalicelib.api.query import PAGING, QueryParam, page_params
from chalicelib.authorizations.presolicitudes_schemas import (
    PresolicitudAttachmentLink,
    PresolicitudDecisionBody,
    PresolicitudDecisionResult,
    PresolicitudDraft,
    PresolicitudDraftRequest,
    PresolicitudFileUpload,
    PresolicitudPeople,
    PresolicitudQueue,
    PresolicitudSent,
    PresolicitudSubmission,
    PresolicitudTermsAcceptance,
    PresolicitudTermsView,
    TermsConsentView,
)
from chalicelib.authorizations.presolicitudes_types import PresolicitudState

bp = Blueprint(__name__)
AFFILIATE = Access(affiliate=True)
OPERATOR = Access(operator_only=True)
READS = ReadLog()
OPERATOR_READS = ReadLog(clear=("estado", "limite", "presolicitud", "archivo"))
STATE = QueryParam("estado", {"type": "string", "enum": [s.value for s in PresolicitudState],
                              "default": PresolicitudState.RADICADA.value})


@endpoint(bp, "/afiliados/solicitudes/terminos", tag="afiliados", access=AFFILIATE, response=PresolicitudTermsView,
          summary="NOTIFICACIÓN JURAMENTADA: términos generales y condiciones de uso (con su versión)")
def terms():
    return wiring.affiliate_presolicitudes().terms()


@endpoint(bp, "/afiliados/solicitudes/terminos", "POST", tag="afiliados", access=AFFILIATE,
          request=PresolicitudTermsAcceptance, response=TermsConsentView, status=201, errors=(422,),
          summary="Acepta la notificación juramentada (se guarda la versión, la hora y quién la aceptó); sin ella no "
                  "se registra ninguna solicitud")
def accept_terms(principal: AffiliatePrincipal, body: PresolicitudTermsAcceptance):
    return wiring.affiliate_presolicitudes().accept_terms(principal, body)


@endpoint(bp, "/afiliados/solicitudes/personas", tag="afiliados", access=AFFILIATE, response=PresolicitudPeople,
          reads=READS, summary="Personas para las que puede registrar una solicitud (usted y sus menores de edad) y "
                               "sus planes (PBS y PAC activos)")
def people(principal: AffiliatePrincipal):
    return wiring.affiliate_presolicitudes().people(principal)


@endpoint(bp, "/afiliados/solicitudes/borradores", "POST", tag="afiliados", access=AFFILIATE,
          request=PresolicitudDraftRequest, response=PresolicitudDraft, status=201, reads=READS, errors=(404, 422),
          summary="Abre una solicitud en preparación para la persona y el plan elegidos: DATOS BÁSICOS y archivos "
                  "cargados (requiere la notificación juramentada aceptada)")
def open_draft(principal: AffiliatePrincipal, body: PresolicitudDraftRequest):
    return wiring.affiliate_presolicitudes().open_draft(principal, body)


@endpoint(bp, "/afiliados/solicitudes/borradores/{borrador}", tag="afiliados", access=AFFILIATE,
          response=PresolicitudDraft, reads=READS, errors=(404,), summary="La solicitud en preparación y sus archivos")
def draft(principal: AffiliatePrincipal, borrador: str):
    return wiring.affiliate_presolicitudes().draft(principal, borrador)


@endpoint(bp, "/afiliados/solicitudes/borradores/{borrador}/archivos", "POST", tag="afiliados", access=AFFILIATE,
          request=PresolicitudFileUpload, response=PresolicitudDraft, status=201, reads=READS, errors=(404, 409, 422),
          summary="Carga un archivo (PDF, JPG o PNG de hasta 2 MB, en base64; máximo 5 por tipo de soporte)")
def upload(principal: AffiliatePrincipal, borrador: str, body: PresolicitudFileUpload):
    return wiring.affiliate_presolicitudes().upload(principal, borrador, body)


@endpoint(bp, "/afiliados/solicitudes/borradores/{borrador}/archivos/{archivo}", "DELETE", tag="afiliados",
          access=AFFILIATE, response=PresolicitudDraft, reads=READS, errors=(404, 409),
          summary="Elimina un archivo cargado antes de enviar la solicitud")
def delete_file(principal: AffiliatePrincipal, borrador: str, archivo: str):
    return wiring.affiliate_presolicitudes().delete_file(principal, borrador, archivo)


@endpoint(bp, "/afiliados/solicitudes", "POST", tag="afiliados", access=AFFILIATE, request=PresolicitudSubmission,
          response=PresolicitudSent, status=201, errors=(404, 422),
          summary="Aceptar: registra la solicitud (número de presolicitud) y envía un correo; la misma clave devuelve "
                  "la misma presolicitud (doble clic)")
def send(principal: AffiliatePrincipal, body: PresolicitudSubmission):
    return wiring.affiliate_presolicitudes().send(principal, body)


@endpoint(bp, "/operaciones/afiliados/presolicitudes", tag="operaciones", access=OPERATOR,
          response=PresolicitudQueue, reads=OPERATOR_READS, query=(STATE, *PAGING), errors=(422,),
          summary="Presolicitudes registradas por afiliados, de la más antigua: por omisión las RADICADAS")
def queue(request):
    limit, cursor = page_params(request)
    estado = (request.query_params or {}).get("estado")
    return wiring.presolicitudes_queue().page(estado, limit=limit, cursor=cursor)


@endpoint(bp, "/operaciones/afiliados/presolicitudes/{presolicitud}/decision", "POST", tag="operaciones",
          access=OPERATOR, request=PresolicitudDecisionBody, response=PresolicitudDecisionResult,
          errors=(404, 409, 422),
          summary="Toma la presolicitud, la pasa EN PROCESO o la devuelve con una observación; se informa al afiliado "
                  "por correo")
def act(principal: Principal, presolicitud: str, body: PresolicitudDecisionBody, request):
    return wiring.presolicitudes_queue().act(principal, presolicitud, body, client_ip(request))


@endpoint(bp, "/operaciones/afiliados/presolicitudes/{presolicitud}/archivos/{archivo}", tag="operaciones",
          access=OPERATOR, response=PresolicitudAttachmentLink, reads=OPERATOR_READS, errors=(404,),
          summary="Enlace temporal (2 minutos) a un archivo de la presolicitud")
def attachment(presolicitud: str, archivo: str):
    return wiring.presolicitudes_queue().attachment(presolicitud, archivo)
