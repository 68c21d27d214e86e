"""Consultar mi Cartera (seed 003 §4.4.2): the PBS cartera of the caller as aportante (independiente or employer),
"detallado por periodo", or the PAC invoices with saldo; the PDF is answered and sent to the registered email
(line 973). No debt gives a PDF that says so."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from chalicelib.affiliate_finance import documents
from chalicelib.affiliate_finance.access import PDF, caller_of, pdf_download
from chalicelib.affiliate_finance.ports import FinanceReads, People
from chalicelib.affiliates.types import Affiliate, AffiliatePrincipal
from chalicelib.common.files import FileDownload
from chalicelib.common.observability import logger
from chalicelib.notifications.mailer import Attachment, Email, Mailer
from chalicelib.pdf.ports import DocumentIssuer, IssuedDocument

SUBJECTS = {"PBS": "Consulta de Cartera Plan de Beneficios en Salud (PBS)",
            "PAC": "Consulta de Cartera Plan de Atención Complementario"}


class CarteraService:
    def __init__(self, people: People, reads: FinanceReads, issuer: DocumentIssuer, mailer: Mailer,
                 today: Callable[[], date]):
        self._people, self._reads, self._issuer, self._mailer, self._today = people, reads, issuer, mailer, today

    def pdf(self, principal: AffiliatePrincipal, tipo: str) -> FileDownload:
        person = caller_of(self._people, principal)
        if tipo == "PAC":
            invoices = self._reads.invoices_of(person.identity)
            spec, records = documents.pac_cartera(person, invoices, self._today()), len(invoices)
        else:
            periods = self._reads.cartera_of(person.identity)
            spec, records = documents.pbs_cartera(person, periods, self._today()), len(periods)
        issued = self._issuer.issue(spec)
        self._mail(person, SUBJECTS[tipo], issued)
        return pdf_download(issued, records)

    def _mail(self, person: Affiliate, subject: str, issued: IssuedDocument) -> None:
        if not person.contact.correo:
            return
        text = (f"Hola, {person.primer_nombre}:\n\nAdjuntamos en PDF la {subject} que generaste en la Oficina "
                f"Virtual.\nCódigo de verificación: {issued.code}\n\nEste correo es informativo; no lo respondas.")
        try:
            self._mailer.send(Email(person.contact.correo, subject, text,
                                    (Attachment(issued.file_name, PDF, issued.data),)))
        except Exception:  # the PDF is answered whatever SES says; the failure is visible in the logs and metrics
            logger.warning("cartera email not sent", extra={"code": issued.code})
