"""Consulta Pagos (seed 002 §5) for the caller's provider: by date range, by payment number, by invoice,
and the detail file. No AWS here: the repository and the download store are handed in."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import date
from typing import Protocol

from chalicelib.common.errors import NotFound
from chalicelib.common.files import INLINE_LIMIT_BYTES, DownloadLink, Downloads, FileDownload, deliver
from chalicelib.common.pagination import Page
from chalicelib.common.query import DateRange, InvoiceRef
from chalicelib.eps.states import invoice_key
from chalicelib.payments import detail_csv
from chalicelib.payments.schemas import (
    InvoicePaymentPage,
    InvoicePaymentView,
    PaymentDetailView,
    PaymentPage,
    PaymentView,
    payment_number,
)
from chalicelib.payments.types import Payment, PaymentLine

PAYMENT_NOT_FOUND = "El pago no existe"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


class PaymentStore(Protocol):
    def payments_in_range(self, provider_id: str, start: date, end: date, *, limit: int,
                          cursor: str | None) -> Page[Payment]: ...

    def range_totals(self, provider_id: str, start: date, end: date) -> tuple[int, int]: ...

    def get_payment(self, provider_id: str, number: str) -> Payment | None: ...

    def get_payments(self, provider_id: str, numbers: set[str]) -> dict[str, Payment]: ...

    def lines_of_invoice(self, provider_id: str, invoice_key: str, *, limit: int,
                         cursor: str | None) -> Page[PaymentLine]: ...

    def lines_of_payment(self, provider_id: str, number: str) -> Iterator[PaymentLine]: ...


def payment_view(payment: Payment, cls=PaymentView, **extra) -> PaymentView:
    return cls(nit=detail_csv.nit_of(payment.provider_id), tipo_pago=payment.tipo_pago,
               numero_cuenta_banco=payment.numero_cuenta_banco, numero_pago=payment.payment_number,
               fecha_pago=payment.fecha_pago, valor_pagado=int(payment.valor_pagado), **extra)


def invoice_payment_view(payment: Payment, line: PaymentLine) -> InvoicePaymentView:
    return payment_view(
        payment, InvoicePaymentView, tipo_documento=line.tipo_documento, prefijo_factura=line.prefijo,
        sufijo_factura=line.sufijo, sufijo_factura_aplicado=line.sufijo_aplicado, fecha_factura=line.fecha_factura,
        valor_factura=None if line.valor_factura is None else int(line.valor_factura),
        valor_aplicado=int(line.valor_pagado_factura), iva=int(line.iva), retefuente=int(line.retefuente),
        reteica=int(line.reteica), reteiva=int(line.reteiva), otros=int(line.otros), compania=line.compania,
        no_radicado=line.no_radicado)


class PaymentQueryService:
    def __init__(self, store: PaymentStore, downloads: Downloads, *, inline_limit: int = INLINE_LIMIT_BYTES,
                 new_id: Callable[[], str] = lambda: uuid.uuid4().hex):
        self._store = store
        self._downloads = downloads
        self._inline_limit = inline_limit
        self._new_id = new_id

    def by_date_range(self, provider_id: str, params: dict, limit: int, cursor: str | None) -> PaymentPage:
        period = DateRange.parse(params)
        page = self._store.payments_in_range(provider_id, period.start, period.end, limit=limit, cursor=cursor)
        totals = self._store.range_totals(provider_id, period.start, period.end) if cursor is None else (None, None)
        return PaymentPage(pagos=[payment_view(p) for p in page.items], siguiente=page.cursor,
                           total_registros=totals[0], total_valor_pagado=totals[1])

    def by_number(self, provider_id: str, number: str) -> PaymentDetailView:
        payment = self._payment(provider_id, number)
        return payment_view(payment, PaymentDetailView, email_soporte=payment.email_soporte,
                            fecha_soporte=payment.fecha_soporte, hora_soporte=payment.hora_soporte)

    def by_invoice(self, provider_id: str, params: dict, limit: int, cursor: str | None) -> InvoicePaymentPage:
        invoice = InvoiceRef.parse(params)
        page = self._store.lines_of_invoice(provider_id, invoice_key(invoice.prefijo, invoice.sufijo),
                                            limit=limit, cursor=cursor)
        payments = self._store.get_payments(provider_id, {line.payment_number for line in page.items})
        views = [invoice_payment_view(payments[line.payment_number], line)
                 for line in page.items if line.payment_number in payments]
        # An invoice has few payments (one page in practice); the index orders them by number, people by date.
        views.sort(key=lambda v: (v.fecha_pago, v.numero_pago), reverse=True)
        return InvoicePaymentPage(pagos=views, siguiente=page.cursor)

    def detail_file(self, provider_id: str, number: str) -> FileDownload | DownloadLink:
        """The CSV inline when it fits an API response, else stored and answered as an expiring link.

        Lines stream from the store into a temporary file that spills to disk past the inline limit, so
        memory stays bounded whatever the number of lines."""
        payment = self._payment(provider_id, number)
        filename = detail_csv.detail_filename(number)
        return deliver(lambda out: detail_csv.write_detail(out, payment, self._store.lines_of_payment(provider_id,
                                                                                                      number)),
                       filename, CSV_CONTENT_TYPE, downloads=self._downloads, inline_limit=self._inline_limit,
                       key=lambda: f"pagos/{provider_id.replace('#', '-')}/{self._new_id()}/{filename}")

    def _payment(self, provider_id: str, number: str) -> Payment:
        payment = self._store.get_payment(provider_id, payment_number(number))
        if payment is None:
            raise NotFound(PAYMENT_NOT_FOUND, code="PAYMENT_NOT_FOUND")
        return payment
