"""Contáctenos for a logged-in affiliate (seed 003 §4.5): Nueva solicitud, the search by radicado (own radicados
only: anyone else's is the same 404 as one that does not exist), the list of their radicados, and the rating of a
FINALIZADO answer, once, 1 to 5 stars."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from chalicelib.affiliates.ports import AffiliateDirectory
from chalicelib.affiliates.types import Affiliate, AffiliatePrincipal
from chalicelib.common.errors import Conflict, NotFound
from chalicelib.notifications.mailer import Mailer
from chalicelib.pqrs import emails
from chalicelib.pqrs.catalogue import KINDS, PqrsState, PqrsType
from chalicelib.pqrs.filing import RADICADO, Filing
from chalicelib.pqrs.schemas import Filed, NewPqrs, PqrsPage, PqrsView, Rated
from chalicelib.pqrs.store import PqrsStore
from chalicelib.pqrs.types import Pqrs
from chalicelib.pqrs.views import TIPOS, list_item, owner_view

NOT_FOUND = "No encontramos una solicitud suya con ese número"
FILED = "Su solicitud fue radicada con el número {radicado}. Le enviamos un correo de confirmación"
NOT_FINISHED = "Podrá calificar la respuesta cuando la solicitud esté FINALIZADA"
ALREADY_RATED = "Ya calificó la respuesta a esta solicitud"
RATED = "Gracias por calificar la respuesta"
LIST_LIMIT = 50


def portal_description(caller: Affiliate, text: str) -> str:
    """As the seed's RESULTADO DE LA CONSULTA shows it: who wrote, from where, then the text."""
    correo = caller.contact.correo or "sin correo registrado"
    return (f"Contacto realizado por el usuario {caller.doc_type} {caller.doc_number} con el correo registrado "
            f"{correo} a través de la Oficina Virtual Afiliados. {text}")


class AffiliatePqrsService:
    def __init__(self, store: PqrsStore, directory: AffiliateDirectory, mailer: Mailer, portal_url: str,
                 now: Callable[[], datetime]):
        self._store = store
        self._directory = directory
        self._mailer = mailer
        self._portal_url = portal_url
        self._now = now
        self._filing = Filing(store, now)

    def file(self, principal: AffiliatePrincipal, body: NewPqrs) -> Filed:
        caller = self._directory.find(principal.identity)
        if caller is None:
            raise NotFound(NOT_FOUND, code="PQRS_NOT_FOUND")
        key = f"{principal.identity}|{body.clave}" if body.clave else None
        pqrs, new = self._filing.file(PqrsType(body.tipo), portal_description(caller, body.descripcion),
                                      affiliate=principal.identity, idempotency_key=key)
        if new and caller.contact.correo:
            self._mailer.send(emails.filed(to=caller.contact.correo, full_name=caller.full_name,
                                           radicado=pqrs.radicado, tipo=KINDS[pqrs.tipo].label,
                                           due_on=pqrs.due_on.isoformat(), portal_url=self._portal_url))
        return Filed(mensaje=FILED.format(radicado=pqrs.radicado), radicado=pqrs.radicado,
                     fecha_vencimiento=pqrs.due_on)

    def find(self, principal: AffiliatePrincipal, radicado: str) -> PqrsView:
        return owner_view(self._own(principal, radicado))

    def mine(self, principal: AffiliatePrincipal) -> PqrsPage:
        """The most recent ones: an affiliate files a few a year; an older one is found by its radicado."""
        page = self._store.of_affiliate(principal.identity, limit=LIST_LIMIT, cursor=None)
        return PqrsPage(tipos=TIPOS, solicitudes=[list_item(p) for p in page.items])

    def rate(self, principal: AffiliatePrincipal, radicado: str, stars: int) -> Rated:
        pqrs = self._own(principal, radicado)
        if pqrs.state is not PqrsState.FINALIZADO:
            raise Conflict(NOT_FINISHED, code="PQRS_NOT_FINISHED")
        if pqrs.rating is not None or not self._store.rate(radicado, principal.identity, stars, self._now()):
            raise Conflict(ALREADY_RATED, code="PQRS_ALREADY_RATED")
        return Rated(mensaje=RATED, calificacion=stars)

    def _own(self, principal: AffiliatePrincipal, radicado: str) -> Pqrs:
        pqrs = self._store.get(radicado) if RADICADO.fullmatch(radicado) else None
        if pqrs is None or pqrs.affiliate != principal.identity:
            raise NotFound(NOT_FOUND, code="PQRS_NOT_FOUND")
        return pqrs
