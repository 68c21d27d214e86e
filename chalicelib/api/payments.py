"""Routes: "Consulta Pagos" (seed 002 §5) — by date range, by payment number, by invoice, detail file.

Each answer is written to the access log (`reads`): parameters here are payment and invoice numbers and
dates, not personal data, so they are recorded in clear."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib import wiring
from chalicelib.access_log.service import ReadLog
from chalicelib.accounts.permissions import Menu, Principal
from chalicelib.api.http import Access, endpoint
from chalicelib.api.query import DATE_RANGE, INVOICE, page_params, paging
from chalicelib.common.files import DownloadLink
from chalicelib.payments.schemas import InvoicePaymentPage, PaymentDetailView, PaymentPage

bp = Blueprint(__name__)
PAGOS = Access(menu=Menu.PAGOS)
SEED_PAGE = 10  # "Mostrar 10 reg."
READS = ReadLog(clear=("fecha_inicio", "fecha_fin", "numero_pago", "prefijo", "sufijo", "limite"))


@endpoint(bp, "/pagos", tag="pagos", access=PAGOS, response=PaymentPage, reads=READS,
          summary="Pagos de un rango de fechas (máximo un año), del más reciente; totales del rango en la 1.ª página",
          query=(*DATE_RANGE, *paging(SEED_PAGE)), errors=(400, 422))
def by_date_range(principal: Principal, request):
    return wiring.payments().by_date_range(principal.provider_id, request.query_params or {},
                                           *page_params(request, SEED_PAGE))


@endpoint(bp, "/pagos/{numero_pago}", tag="pagos", access=PAGOS, response=PaymentDetailView, reads=READS,
          summary="Un pago por su número, con el soporte (correo, fecha y hora)", errors=(400, 404))
def by_number(principal: Principal, numero_pago: str):
    return wiring.payments().by_number(principal.provider_id, numero_pago)


@endpoint(bp, "/pagos/por-factura", tag="pagos", access=PAGOS, response=InvoicePaymentPage, reads=READS,
          summary="Pagos aplicados a una factura (prefijo y sufijo obligatorios)",
          query=(*INVOICE, *paging(SEED_PAGE)), errors=(400, 422))
def by_invoice(principal: Principal, request):
    return wiring.payments().by_invoice(principal.provider_id, request.query_params or {},
                                        *page_params(request, SEED_PAGE))


@endpoint(bp, "/pagos/{numero_pago}/detalle", tag="pagos", access=PAGOS, response=DownloadLink, reads=READS,
          content_type="text/csv",
          summary="Detalle del pago en CSV (19 columnas); si supera 4 MB, JSON con un enlace temporal al mismo archivo",
          errors=(400, 404))
def detail_file(principal: Principal, numero_pago: str):
    return wiring.payments().detail_file(principal.provider_id, numero_pago)
