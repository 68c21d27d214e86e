"""Routes: Pagos y Factura de Venta (consultar y pagar, cartera, historial de pagos) and Incapacidades y licencias
(seed 003 §4.4) — affiliate sessions only, the person is the token's. Every answer and every PDF is written to the
access log; each PDF is also kept (code, SHA-256, type, holder) by the issuer's registry."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib import wiring
from chalicelib.access_log.service import ReadLog
from chalicelib.affiliate_finance.access import PDF
from chalicelib.affiliate_finance.schemas import CarteraRequest, HistoryRequest, IncapacidadesPage, PaymentsPage
from chalicelib.affiliates.types import AffiliatePrincipal
from chalicelib.api.http import Access, endpoint
from chalicelib.api.query import date_param, query_of

bp = Blueprint(__name__)
AFFILIATE = Access(affiliate=True)
READS = ReadLog(clear=("fecha_inicio", "fecha_fin"))
DATES = (date_param("fecha_inicio", description="Desde: AAAA-MM-DD (opcional)"),
         date_param("fecha_fin", description="Hasta: AAAA-MM-DD (opcional)"))


def _dates(request) -> tuple[str | None, str | None]:
    values = query_of(request, DATES)
    return values.get("fecha_inicio") or None, values.get("fecha_fin") or None  # type: ignore[return-value]


@endpoint(bp, "/afiliados/factura-pac", tag="afiliados", access=AFFILIATE, response=PaymentsPage, reads=READS,
          summary="Consultar y pagar: operadores de la planilla (independientes), la factura PAC abierta y los demás "
                  "canales de pago")
def payments_page(principal: AffiliatePrincipal):
    return wiring.affiliate_pac_invoice().page(principal)


@endpoint(bp, "/afiliados/factura-pac/pdf", tag="afiliados", access=AFFILIATE, reads=READS, content_type=PDF,
          errors=(404,), summary="Descarga aquí tu Factura PAC: la factura abierta en PDF con su código de barras "
                                 "GS1-128 (Asobancaria) para pago en bancos")
def pac_invoice_pdf(principal: AffiliatePrincipal):
    return wiring.affiliate_pac_invoice().pdf(principal)


@endpoint(bp, "/afiliados/cartera/pdf", "POST", tag="afiliados", access=AFFILIATE, request=CarteraRequest,
          reads=READS, content_type=PDF, errors=(422,),
          summary="Consultar mi Cartera: PBS detallado por periodo o PAC con saldo, en PDF; también se envía al correo "
                  "registrado")
def cartera_pdf(principal: AffiliatePrincipal, body: CarteraRequest):
    return wiring.affiliate_cartera().pdf(principal, body.tipo)


@endpoint(bp, "/afiliados/historial-pagos/pdf", "POST", tag="afiliados", access=AFFILIATE, request=HistoryRequest,
          reads=READS, content_type=PDF, errors=(422,),
          summary="Mi historial de pagos (PBS): los aportes de Desde a Hasta (AAAA-MM, hasta el periodo actual) en PDF")
def history_pdf(principal: AffiliatePrincipal, body: HistoryRequest):
    return wiring.affiliate_payment_history().pdf(principal, body.desde, body.hasta)


@endpoint(bp, "/afiliados/incapacidades", tag="afiliados", access=AFFILIATE, response=IncapacidadesPage, reads=READS,
          query=DATES, errors=(403, 422),
          summary="Incapacidades y licencias del cotizante entre Desde y Hasta (sin fechas: todas)")
def incapacidades(principal: AffiliatePrincipal, request):
    return wiring.affiliate_incapacidades().search(principal, *_dates(request))


@endpoint(bp, "/afiliados/incapacidades/informe", tag="afiliados", access=AFFILIATE, reads=READS, query=DATES,
          content_type=PDF, errors=(403, 422),
          summary="Histórico de incapacidades para el fondo de pensiones (INFORME PRESTACIONES ECONÓMICAS) en PDF")
def afp_report(principal: AffiliatePrincipal, request):
    return wiring.affiliate_incapacidades().afp_report(principal, *_dates(request))


@endpoint(bp, "/afiliados/incapacidades/{incapacidad_id}/certificado", tag="afiliados", access=AFFILIATE,
          reads=READS, content_type=PDF, errors=(403, 404, 409),
          summary="Certificado individual de una incapacidad PAGADA, RECHAZADA, SIN SUBSIDIO o EN TRAMITE, en PDF")
def incapacidad_certificate(principal: AffiliatePrincipal, incapacidad_id: str):
    return wiring.affiliate_incapacidades().certificate(principal, incapacidad_id)
