"""Who the caller is and what each screen lets them do; a PDF as the route's file answer."""

from __future__ import annotations

from chalicelib.affiliate_finance.ports import People
from chalicelib.affiliates.household import PERSON_NOT_FOUND
from chalicelib.affiliates.types import Affiliate, AffiliatePrincipal, TipoAfiliado
from chalicelib.common.errors import NotFound, PermissionDenied
from chalicelib.common.files import FileDownload
from chalicelib.pdf.ports import IssuedDocument

PDF = "application/pdf"
ONLY_COTIZANTES = "Esta opción es solo para afiliados cotizantes"


def caller_of(people: People, principal: AffiliatePrincipal) -> Affiliate:
    person = people.find(principal.identity)
    if person is None:
        raise NotFound(PERSON_NOT_FOUND, code="PERSON_NOT_FOUND")
    return person


def cotizante_of(people: People, principal: AffiliatePrincipal) -> Affiliate:
    person = caller_of(people, principal)
    if person.tipo_afiliado is not TipoAfiliado.COTIZANTE:
        raise PermissionDenied(ONLY_COTIZANTES, code="ONLY_COTIZANTES")
    return person


def pdf_download(issued: IssuedDocument, records: int) -> FileDownload:
    return FileDownload(issued.file_name, PDF, issued.data, records)
