"""The operators' PQRS desk: the queue (soonest due first, with business days left and overdue marked), the answer
(EN GESTION → FINALIZADO once; a second operator gets 409), emailed to the owner or to the contact form's address and
written to the audit trail (the radicado only: no text, names or documents there), and the monthly on-time rate."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Protocol

from chalicelib.accounts.permissions import Principal
from chalicelib.affiliates.ports import AffiliateDirectory
from chalicelib.affiliates.types import Affiliate
from chalicelib.audit.trail import AuditEvent
from chalicelib.common.clock import BOGOTA
from chalicelib.common.errors import Conflict, InvalidInput, NotFound
from chalicelib.common.validation import FIELDS_INVALID
from chalicelib.notifications.mailer import Mailer
from chalicelib.pqrs import emails
from chalicelib.pqrs.catalogue import PqrsState
from chalicelib.pqrs.deadlines import tally
from chalicelib.pqrs.filing import RADICADO
from chalicelib.pqrs.schemas import AnswerBody, Answered, Indicator, MonthIndicator, Queue
from chalicelib.pqrs.store import PqrsStore
from chalicelib.pqrs.types import Answer, Pqrs
from chalicelib.pqrs.views import queue_item

NOT_FOUND = "La solicitud no existe"
ALREADY_ANSWERED = "Otro operador ya respondió esta solicitud. Actualice la lista"
ANSWERED = "Respuesta registrada y enviada al solicitante"
INDICATOR_MONTHS = 6
_MONTH = re.compile(r"20\d\d-(0[1-9]|1[0-2])")


class Audit(Protocol):
    def record(self, event: AuditEvent, *, provider_id: str | None, actor_id: str | None = None,
               subject_id: str | None = None, source_ip: str | None = None, details: dict | None = None) -> None: ...


def _state(raw: str | None) -> PqrsState:
    if raw is None:
        return PqrsState.EN_GESTION
    try:
        return PqrsState(raw)
    except ValueError as exc:
        raise InvalidInput(FIELDS_INVALID, details=[{"campo": "estado", "mensaje": (
            "Valor no permitido. Valores válidos: " + ", ".join(s.value for s in PqrsState))}]) from exc


def months_up_to(month: str, count: int) -> list[str]:
    index = int(month[:4]) * 12 + int(month[5:7]) - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index - count + 1, index + 1)]


class PqrsDesk:
    def __init__(self, store: PqrsStore, directory: AffiliateDirectory, mailer: Mailer, audit: Audit,
                 portal_url: str, now: Callable[[], datetime]):
        self._store = store
        self._directory = directory
        self._mailer = mailer
        self._audit = audit
        self._portal_url = portal_url
        self._now = now

    def queue(self, estado: str | None, *, limit: int, cursor: str | None) -> Queue:
        page = self._store.in_state(_state(estado), limit=limit, cursor=cursor)
        owners = self._owners(p.affiliate for p in page.items)
        today = self._today()
        return Queue(solicitudes=[queue_item(p, owners.get(p.affiliate or ""), today) for p in page.items],
                     siguiente=page.cursor)

    def answer(self, principal: Principal, radicado: str, body: AnswerBody, source_ip: str) -> Answered:
        pqrs = self._store.get(radicado) if RADICADO.fullmatch(radicado) else None
        if pqrs is None:
            raise NotFound(NOT_FOUND, code="PQRS_NOT_FOUND")
        answer = Answer(body.respuesta, principal.person_id, self._now())
        if pqrs.state is not PqrsState.EN_GESTION or not self._store.answer(radicado, answer):
            raise Conflict(ALREADY_ANSWERED, code="PQRS_ALREADY_ANSWERED")
        self._audit.record(AuditEvent.PQRS_ANSWERED, provider_id=principal.provider_id,
                           actor_id=principal.person_id, subject_id=radicado, source_ip=source_ip)
        self._mail_answer(pqrs, body.respuesta)
        return Answered(mensaje=ANSWERED, estado=PqrsState.FINALIZADO.value)

    def indicator(self, hasta: str | None) -> Indicator:
        """The INDICATOR_MONTHS months up to `hasta` ("AAAA-MM"; this month by default)."""
        if hasta is not None and not _MONTH.fullmatch(hasta):
            raise InvalidInput(FIELDS_INVALID, details=[{"campo": "hasta", "mensaje": "Mes inválido, use AAAA-MM"}])
        today = self._today()
        last = hasta or today.isoformat()[:7]
        rows = []
        for month in months_up_to(last, INDICATOR_MONTHS):
            t = tally(month, self._store.due_in(month), today)
            rows.append(MonthIndicator(mes=month, vencen=t.due, a_tiempo=t.on_time, tarde=t.late,
                                       vencidas_sin_respuesta=t.overdue, pendientes=t.pending, oportunidad=t.rate))
        return Indicator(meses=rows)

    def _mail_answer(self, pqrs: Pqrs, text: str) -> None:
        if pqrs.sender is not None:
            self._mailer.send(emails.answered(to=pqrs.sender.correo, full_name=pqrs.sender.nombres,
                                              radicado=pqrs.radicado, answer=text, can_rate=False,
                                              portal_url=self._portal_url))
            return
        owner = self._directory.find(pqrs.affiliate) if pqrs.affiliate else None
        if owner is not None and owner.contact.correo:
            self._mailer.send(emails.answered(to=owner.contact.correo, full_name=owner.full_name,
                                              radicado=pqrs.radicado, answer=text, can_rate=True,
                                              portal_url=self._portal_url))

    def _owners(self, identities: Iterable[str | None]) -> dict[str, Affiliate]:
        wanted = list(dict.fromkeys(i for i in identities if i))
        return dict(self._directory.many(wanted)) if wanted else {}

    def _today(self):
        return self._now().astimezone(BOGOTA).date()
