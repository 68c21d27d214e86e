"""Routes: Certificados en línea (seed 003 §4.3) for affiliate sessions, and the public «Verificar certificado»
(no login; throttled per IP). A generation is written to the access log with its type, whose (ref, hashed) and
its verification code."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib import wiring
from chalicelib.access_log.service import ReadLog
from chalicelib.affiliates.types import AffiliatePrincipal
from chalicelib.api.http import Access, client_ip, endpoint
from chalicelib.certificates.schemas import CertificateRequest, CertificatesPage, FileVerification, VerificationView
from chalicelib.certificates.service import logged

bp = Blueprint(__name__)
AFFILIATE = Access(affiliate=True)
READS = ReadLog()
GENERATIONS = ReadLog(clear=("tipo", "codigo"), details=logged)
PDF = "application/pdf"


@endpoint(bp, "/afiliados/certificados", tag="afiliados", access=AFFILIATE, response=CertificatesPage, reads=READS,
          summary="Certificados en línea: las personas del grupo familiar (afiliación PBS y PAC), si es cotizante "
                  "independiente (paz y salvo) y los años con PAC (retención en la fuente)")
def certificates(principal: AffiliatePrincipal):
    return wiring.affiliate_certificates().page(principal)


@endpoint(bp, "/afiliados/certificados/{tipo}", "POST", tag="afiliados", access=AFFILIATE,
          request=CertificateRequest, reads=GENERATIONS, content_type=PDF, errors=(404, 409, 422),
          summary="Genera el certificado (afiliacion, afiliacion-pac, paz-y-salvo o retencion-pac) en PDF con "
                  "código de verificación y envía un aviso al correo registrado")
def generate_certificate(tipo: str, principal: AffiliatePrincipal, body: CertificateRequest):
    return wiring.affiliate_certificates().generate(principal, tipo, body)


@endpoint(bp, "/verificacion/{codigo}", tag="verificacion", access=None, response=VerificationView,
          errors=(404, 429),
          summary="Verificar certificado (público): tipo, fecha de expedición y titular enmascarado del documento "
                  "con ese código")
def verify_code(codigo: str, request):
    return wiring.certificate_verification().by_code(codigo, client_ip(request))


@endpoint(bp, "/verificacion/archivo", "POST", tag="verificacion", access=None, request=FileVerification,
          response=VerificationView, errors=(404, 422, 429),
          summary="Verificar certificado (público): el PDF recibido (máximo 2 MB) comparado por su SHA-256 con los "
                  "documentos expedidos")
def verify_file(body: FileVerification, request):
    return wiring.certificate_verification().by_file(body.data(), client_ip(request))
