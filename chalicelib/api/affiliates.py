"""Routes: the affiliates' home and Mi cuenta (seed 003 §4–§4.1.3) — affiliate sessions only (token audience
"afiliados"); the person is the token's, others are named by their opaque `ref`. Every answer carrying personal
data is written to the access log (refs hashed)."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib import wiring
from chalicelib.access_log.service import ReadLog
from chalicelib.affiliates.schemas import (
    EmailConfirmation,
    HomeView,
    IpsChangeForm,
    IpsChangePage,
    IpsChangeSent,
    MessageView,
    PersonalDataPage,
    PersonalDataResult,
    PersonalDataUpdate,
    SupportsPage,
    SupportsSent,
    SupportsSubmission,
)
from chalicelib.affiliates.types import AffiliatePrincipal
from chalicelib.api.http import Access, endpoint

bp = Blueprint(__name__)
AFFILIATE = Access(affiliate=True)
READS = ReadLog()


@endpoint(bp, "/afiliados/inicio", tag="afiliados", access=AFFILIATE, response=HomeView, reads=READS,
          summary="Menú inicial: datos personales, plan de beneficios (PBS), grupo familiar y PAC")
def home(principal: AffiliatePrincipal):
    return wiring.affiliate_home().home(principal)


@endpoint(bp, "/afiliados/datos", tag="afiliados", access=AFFILIATE, response=PersonalDataPage, reads=READS,
          summary="Datos personales del afiliado y de sus beneficiarios menores de edad (Escoger beneficiario)")
def personal_data(principal: AffiliatePrincipal):
    return wiring.affiliate_personal_data().page(principal)


@endpoint(bp, "/afiliados/datos", "PUT", tag="afiliados", access=AFFILIATE, request=PersonalDataUpdate,
          response=PersonalDataResult, errors=(404, 422),
          summary="Actualiza los datos de las personas elegidas (novedad pendiente); un correo nuevo se confirma "
                  "desde el enlace enviado a esa dirección")
def update_personal_data(principal: AffiliatePrincipal, body: PersonalDataUpdate):
    return wiring.affiliate_personal_data().update(principal, body)


@endpoint(bp, "/afiliados/correo/confirmar", "POST", tag="afiliados", access=AFFILIATE, request=EmailConfirmation,
          response=MessageView, errors=(404,),
          summary="Confirma el correo electrónico nuevo con el código del enlace enviado (sirve una vez, 24 horas)")
def confirm_email(principal: AffiliatePrincipal, body: EmailConfirmation):
    return wiring.affiliate_personal_data().confirm_email(principal, body.codigo)


@endpoint(bp, "/afiliados/documentos", tag="afiliados", access=AFFILIATE, response=SupportsPage, reads=READS,
          summary="Documentos pendientes por actualizar (Tipo de Soporte | Nombre) y su estado")
def documents(principal: AffiliatePrincipal):
    return wiring.affiliate_documents().page(principal)


@endpoint(bp, "/afiliados/documentos", "POST", tag="afiliados", access=AFFILIATE, request=SupportsSubmission,
          response=SupportsSent, status=201, errors=(404, 422),
          summary="Enviar documentos: PDF, JPG o PNG de hasta 2 MB (en base64, uno o dos por solicitud); envía un "
                  "correo de confirmación")
def send_documents(principal: AffiliatePrincipal, body: SupportsSubmission):
    return wiring.affiliate_documents().send(principal, body)


@endpoint(bp, "/afiliados/cambio-ips", tag="afiliados", access=AFFILIATE, response=IpsChangePage, reads=READS,
          summary="Cambio de IPS: personas que puede consultar, su IPS actual, el formulario diligenciado con sus "
                  "datos y las IPS primarias de su municipio")
def ips_change(principal: AffiliatePrincipal):
    return wiring.affiliate_ips_change().page(principal)


@endpoint(bp, "/afiliados/cambio-ips", "POST", tag="afiliados", access=AFFILIATE, request=IpsChangeForm,
          response=IpsChangeSent, status=201, errors=(404, 409, 422),
          summary="Enviar solicitud de cambio de IPS (una en trámite por persona: 409); envía un correo de "
                  "confirmación")
def request_ips_change(principal: AffiliatePrincipal, body: IpsChangeForm):
    return wiring.affiliate_ips_change().request(principal, body)
