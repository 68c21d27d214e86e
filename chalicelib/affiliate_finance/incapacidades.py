"""Incapacidades y licencias (seed 003 §4.4.4), for cotizantes: RESULTADO DE LA CONSULTA between optional dates,
an individual certificate for PAGADA, RECHAZADA, SIN SUBSIDIO and EN TRAMITE, and the history for the pension fund
(INFORME PRESTACIONES ECONÓMICAS). Diagnoses appear only in these PDFs, which only the cotizante obtains."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date

from chalicelib.affiliate_finance import documents
from chalicelib.affiliate_finance.access import cotizante_of, pdf_download
from chalicelib.affiliate_finance.periods import day_range
from chalicelib.affiliate_finance.ports import FinanceReads, People
from chalicelib.affiliate_finance.schemas import IncapacidadesPage, IncapacidadView
from chalicelib.affiliate_finance.types import Incapacidad
from chalicelib.affiliates.types import AffiliatePrincipal
from chalicelib.common.errors import Conflict, NotFound
from chalicelib.common.files import FileDownload
from chalicelib.pdf.ports import DocumentIssuer

NOT_FOUND = "No encontramos esa incapacidad entre las suyas"
NOT_CERTIFIABLE = ("El certificado individual solo se expide para incapacidades en estado PAGADA, RECHAZADA, "
                   "SIN SUBSIDIO o EN TRAMITE")


def incapacidad_id(item: Incapacidad) -> str:
    """Opaque in paths: neither the document nor the folio."""
    key = f"{item.cotizante}|{item.oficina_folio}|{item.numero_folio}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def _within(items: list[Incapacidad], desde: date | None, hasta: date | None) -> list[Incapacidad]:
    chosen = [i for i in items
              if (desde is None or i.fecha_inicio >= desde) and (hasta is None or i.fecha_inicio <= hasta)]
    return sorted(chosen, key=lambda i: (i.fecha_inicio, i.oficina_folio, i.numero_folio), reverse=True)


class IncapacidadesService:
    def __init__(self, people: People, reads: FinanceReads, issuer: DocumentIssuer, today: Callable[[], date]):
        self._people, self._reads, self._issuer, self._today = people, reads, issuer, today

    def search(self, principal: AffiliatePrincipal, desde: str | None, hasta: str | None) -> IncapacidadesPage:
        start, end = day_range(desde, hasta, self._today())
        person = cotizante_of(self._people, principal)
        found = _within(self._reads.incapacidades_of(person.identity), start, end)
        return IncapacidadesPage(desde=start, hasta=end, resultados=[IncapacidadView(
            id=incapacidad_id(i), tipo_id=person.doc_type, numero_id=person.doc_number,
            aportante=f"{i.aportante_documento} {i.razon_social}", contingencia=i.contingencia,
            fecha_inicio=i.fecha_inicio, dias=i.dias_solicitados, estado=i.estado, numero_folio=i.numero_folio,
            oficina_folio=i.oficina_folio, certificado=i.certifiable) for i in found])

    def certificate(self, principal: AffiliatePrincipal, item_id: str) -> FileDownload:
        person = cotizante_of(self._people, principal)
        item = next((i for i in self._reads.incapacidades_of(person.identity) if incapacidad_id(i) == item_id), None)
        if item is None:
            raise NotFound(NOT_FOUND, code="INCAPACIDAD_NOT_FOUND")
        if not item.certifiable:
            raise Conflict(NOT_CERTIFIABLE, code="INCAPACIDAD_NOT_CERTIFIABLE")
        return pdf_download(self._issuer.issue(documents.incapacidad_certificate(person, item)), 1)

    def afp_report(self, principal: AffiliatePrincipal, desde: str | None, hasta: str | None) -> FileDownload:
        """The history for the pension fund; without dates, from the first incapacidad to today."""
        today = self._today()
        start, end = day_range(desde, hasta, today)
        person = cotizante_of(self._people, principal)
        items = _within(self._reads.incapacidades_of(person.identity), start, end)
        first = min((i.fecha_inicio for i in items), default=today)
        spec = documents.afp_report(person, start or first, end or today, items[::-1], today)
        return pdf_download(self._issuer.issue(spec), len(items))
