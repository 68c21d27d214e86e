"""CONSULTAR Y PAGAR (seed 003 §4.4.1): the PILA operators for independientes, the open PAC invoice to download
(with its GS1-128 barcode) or pay online, and the other channels; texts from data/pagos.json."""

from __future__ import annotations

from collections.abc import Callable

from chalicelib.affiliate_finance import documents
from chalicelib.affiliate_finance.access import caller_of, pdf_download
from chalicelib.affiliate_finance.content import PaymentContent
from chalicelib.affiliate_finance.ports import FinanceReads, People
from chalicelib.affiliate_finance.schemas import (
    ChannelView,
    OpenInvoiceView,
    OperatorView,
    PaidOnlineView,
    PaymentsPage,
)
from chalicelib.affiliate_finance.types import PacInvoice
from chalicelib.affiliates.types import AffiliatePrincipal, TipoCotizante
from chalicelib.common.errors import NotFound
from chalicelib.common.files import FileDownload
from chalicelib.pdf.ports import DocumentIssuer

NO_OPEN_INVOICE = "No tiene una factura PAC pendiente de pago"
PAID_ONLINE = "Pagada en línea; se confirmará con el próximo reporte del recaudo"


def open_invoice(invoices: list[PacInvoice]) -> PacInvoice | None:
    """The invoice to pay now: the open one due first."""
    return min((i for i in invoices if i.open), key=lambda i: (i.fecha_limite, i.numero_factura), default=None)


class PacInvoiceService:
    def __init__(self, people: People, reads: FinanceReads, issuer: DocumentIssuer,
                 content: Callable[[], PaymentContent]):
        self._people, self._reads, self._issuer, self._content = people, reads, issuer, content

    def page(self, principal: AffiliatePrincipal) -> PaymentsPage:
        person = caller_of(self._people, principal)
        content = self._content()
        invoices = self._reads.invoices_of(person.identity)
        current = open_invoice(invoices)
        independiente = person.tipo_cotizante is TipoCotizante.INDEPENDIENTE
        return PaymentsPage(
            independiente=independiente,
            operadores=[OperatorView(nombre=o.nombre, url=o.url) for o in content.operadores_pila]
            if independiente else [],
            nota_operadores=content.nota_operadores,
            tiene_pac=bool(invoices or self._people.pac_plans_of(person.identity)),
            factura=None if current is None else OpenInvoiceView(
                numero_factura=current.numero_factura, plan=current.plan, periodo=current.periodo,
                fecha_limite=current.fecha_limite, valor=current.valor, saldo=current.saldo),
            pagadas_en_linea=[PaidOnlineView(numero_factura=i.numero_factura, mensaje=PAID_ONLINE)
                              for i in invoices if i.paid_online_at is not None],
            otros_canales=[ChannelView(canal=c.canal, detalle=c.detalle) for c in content.otros_canales],
            ten_en_cuenta=list(content.ten_en_cuenta), nota_impresion=content.nota_impresion)

    def pdf(self, principal: AffiliatePrincipal) -> FileDownload:
        """"Descarga aquí tu Factura PAC": the open invoice with its barcode for payment at a bank."""
        person = caller_of(self._people, principal)
        current = open_invoice(self._reads.invoices_of(person.identity))
        if current is None:
            raise NotFound(NO_OPEN_INVOICE, code="NO_OPEN_PAC_INVOICE")
        return pdf_download(self._issuer.issue(documents.pac_invoice(person, current, self._content())), 1)
