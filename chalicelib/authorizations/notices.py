"""The email of an authorisation, queued once: a load bringing an OPS (or a MIPRES service) AUTORIZADA queues it
through the outbox with a mark keyed by the authorisation number in the same transaction, so no reload — of either
file — queues it again. A minor's email goes to the address of their cotizante."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from chalicelib.affiliates.ports import AffiliateDirectory
from chalicelib.affiliates.types import Affiliate
from chalicelib.affiliates.views import ips_key_of
from chalicelib.authorizations.emails import Addressee, AuthorizedService, mipres_certificate, ops_authorized
from chalicelib.notifications.mailer import Email
from chalicelib.notifications.repository import OutboxMessage


@dataclass(frozen=True, slots=True)
class Notice:
    affiliate: str  # identity
    mipres: bool  # the MIPRES certificate, else the OPS email
    service: AuthorizedService


class NoticeMarks(Protocol):
    def noticed(self, numeros: Iterable[str]) -> set[str]: ...

    def queue_notice(self, numero: str, affiliate: str, message: OutboxMessage, at: datetime) -> bool: ...


class AuthorizationNotices:
    def __init__(self, marks: NoticeMarks, directory: AffiliateDirectory, message: Callable[[Email], OutboxMessage],
                 portal_url: str, now: Callable[[], datetime]):
        self._marks, self._directory, self._message = marks, directory, message
        self._portal_url, self._now = portal_url, now

    def queue(self, notices: Iterable[Notice]) -> int:
        """Queues the email of each authorisation not noticed before; returns how many were queued."""
        pending: dict[str, Notice] = {}
        for notice in notices:
            pending.setdefault(notice.service.numero_autorizacion, notice)
        if not pending:
            return 0
        done = self._marks.noticed(pending)
        todo = [notice for numero, notice in pending.items() if numero not in done]
        if not todo:
            return 0
        people = self._directory.many({n.affiliate for n in todo})
        keys = {key for person in people.values() if (key := ips_key_of(person))}
        sites = self._directory.ips_sites(keys) if keys else {}
        today = self._now().date()
        queued = 0
        for notice in todo:
            person = people.get(notice.affiliate)
            to = self._recipient(person, today) if person else None
            if person is None or not to:
                continue  # nobody to write to yet: a later load (with the address) sends it
            site = sites.get(ips_key_of(person)) if ips_key_of(person) else None
            who = Addressee(nombre=person.full_name, identificacion=f"{person.doc_type} {person.doc_number}",
                            rango_salarial=person.rango_salarial, derecho=person.derecho,
                            ips_primaria=site.name if site else None)
            write = mipres_certificate if notice.mipres else ops_authorized
            email = write(to=to, who=who, service=notice.service, portal_url=self._portal_url)
            if self._marks.queue_notice(notice.service.numero_autorizacion, notice.affiliate, self._message(email),
                                        self._now()):
                queued += 1
        return queued

    def _recipient(self, person: Affiliate, today: date) -> str | None:
        if person.contact.correo:
            return person.contact.correo
        if not person.is_minor_on(today):
            return None
        for link in self._directory.cotizantes_of(person.identity):
            cotizante = self._directory.find(link.cotizante) if link.current_on(today) else None
            if cotizante and cotizante.contact.correo:
                return cotizante.contact.correo
        return None
