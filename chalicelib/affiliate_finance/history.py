"""MI HISTORIAL DE PAGOS (seed 003 §4.4.3): the caller's aportes to the SGSSS from Desde to Hasta (months, up to the
current period) as a PDF."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from chalicelib.affiliate_finance import documents
from chalicelib.affiliate_finance.access import caller_of, pdf_download
from chalicelib.affiliate_finance.periods import month_range
from chalicelib.affiliate_finance.ports import FinanceReads, People
from chalicelib.affiliates.types import AffiliatePrincipal
from chalicelib.common.files import FileDownload
from chalicelib.pdf.ports import DocumentIssuer


class PaymentHistoryService:
    def __init__(self, people: People, reads: FinanceReads, issuer: DocumentIssuer, today: Callable[[], date]):
        self._people, self._reads, self._issuer, self._today = people, reads, issuer, today

    def pdf(self, principal: AffiliatePrincipal, desde: str, hasta: str) -> FileDownload:
        desde, hasta = month_range(desde, hasta, self._today())
        person = caller_of(self._people, principal)
        aportes = self._reads.aportes_of(person.identity, desde, hasta)
        return pdf_download(self._issuer.issue(documents.payment_history(person, desde, hasta, aportes)),
                            len(aportes))
