"""The operators' presolicitudes queue (issue 24): take one (EN REVISION, theirs), send it to process (EN PROCESO) or
return it with an observation (DEVUELTA, e.g. "documentos con más de 30 días calendario"). Each action is taken once
(a second operator gets 409), mailed to the affiliate who sent it and audited (ids and state only). Attachments are
opened through short presigned links, one per request, so each read reaches the access log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from chalicelib.accounts.permissions import Principal
from chalicelib.affiliates.operator_queues import Audit, QueueNotices, queue_state
from chalicelib.affiliates.ports import AffiliateDirectory
from chalicelib.affiliates.types import Affiliate
from chalicelib.audit.trail import AuditEvent
from chalicelib.authorizations import presolicitudes_emails as emails
from chalicelib.authorizations.presolicitudes_schemas import (
    PresolicitudActionView,
    PresolicitudAttachmentLink,
    PresolicitudDecisionBody,
    PresolicitudDecisionResult,
    PresolicitudQueue,
    PresolicitudQueueFile,
    PresolicitudQueueItem,
)
from chalicelib.authorizations.presolicitudes_types import (
    OperatorAction,
    Presolicitud,
    PresolicitudState,
    PresolicitudStore,
)
from chalicelib.common.errors import Conflict, NotFound
from chalicelib.notifications.mailer import Mailer

NOT_FOUND = "La presolicitud no existe"
FILE_NOT_FOUND = "El archivo no existe"
ALREADY_ACTED = "Otro operador ya tomó o gestionó esta presolicitud. Actualice la lista"
DONE = {"TOMAR": "Presolicitud tomada; se informó al afiliado por correo",
        "EN_PROCESO": "Presolicitud en proceso; se informó al afiliado por correo",
        "DEVOLVER": "Presolicitud devuelta; se envió la observación al afiliado por correo"}
STATES = {"EN_PROCESO": PresolicitudState.EN_PROCESO, "DEVOLVER": PresolicitudState.DEVUELTA}


class AttachmentLinks(Protocol):
    def link(self, key: str, filename: str) -> str: ...


def _action_view(action: OperatorAction | None) -> PresolicitudActionView | None:
    return PresolicitudActionView(operador=action.by, fecha=action.at) if action else None


def _name(people: dict[str, Affiliate], identity: str) -> str:
    person = people.get(identity)
    return person.full_name if person else "su beneficiario"


class PresolicitudQueueService(QueueNotices):
    def __init__(self, directory: AffiliateDirectory, store: PresolicitudStore, links: AttachmentLinks,
                 link_seconds: int, mailer: Mailer, audit: Audit, portal_url: str, now: Callable[[], datetime]):
        super().__init__(directory, mailer, audit)
        self._store = store
        self._links = links
        self._link_seconds = link_seconds
        self._portal_url = portal_url
        self._now = now

    def page(self, estado: str | None, *, limit: int, cursor: str | None) -> PresolicitudQueue:
        state = queue_state(PresolicitudState, estado, PresolicitudState.RADICADA)
        page = self._store.in_state(state, limit=limit, cursor=cursor)
        people = self._people(p.affiliate for p in page.items)
        return PresolicitudQueue(siguiente=page.cursor, presolicitudes=[
            self._item(p, people.get(p.affiliate)) for p in page.items])

    def act(self, principal: Principal, presolicitud_id: str, body: PresolicitudDecisionBody,
            source_ip: str) -> PresolicitudDecisionResult:
        presolicitud = self._found(presolicitud_id)
        action = OperatorAction(by=principal.person_id, at=self._now())
        if body.accion == "TOMAR":
            state, done = PresolicitudState.EN_REVISION, self._store.take(presolicitud_id, action)
        else:
            state = STATES[body.accion]
            observacion = body.observacion if state is PresolicitudState.DEVUELTA else None
            done = self._store.decide(presolicitud_id, state, action, observacion)
        if not done:
            raise Conflict(ALREADY_ACTED, code="ALREADY_ACTED")
        self._audit_decision(AuditEvent.PRESOLICITUD_ACTED, principal, presolicitud_id, state.value, source_ip)
        people = self._people([presolicitud.requested_by, presolicitud.affiliate])
        person = _name(people, presolicitud.affiliate)

        def letter(to: Affiliate, _people):
            common = {"to": to.contact.correo, "full_name": to.full_name, "person": person,
                      "numero": presolicitud.numero, "portal_url": self._portal_url}
            if state is PresolicitudState.EN_REVISION:
                return emails.taken(**common)
            if state is PresolicitudState.EN_PROCESO:
                return emails.in_process(**common)
            return emails.returned(**common, observacion=body.observacion or "")

        self._mail(presolicitud.requested_by, letter, people)
        return PresolicitudDecisionResult(mensaje=DONE[body.accion], estado=state.value)

    def attachment(self, presolicitud_id: str, file_id: str) -> PresolicitudAttachmentLink:
        presolicitud = self._found(presolicitud_id)
        attached = next((f for f in presolicitud.files if f.file_id == file_id), None)
        if attached is None:
            raise NotFound(FILE_NOT_FOUND, code="FILE_NOT_FOUND")
        return PresolicitudAttachmentLink(nombre_archivo=attached.filename,
                                          url=self._links.link(attached.key, attached.filename),
                                          expira_en_segundos=self._link_seconds)

    def _found(self, presolicitud_id: str) -> Presolicitud:
        presolicitud = self._store.presolicitud(presolicitud_id)
        if presolicitud is None:
            raise NotFound(NOT_FOUND, code="PRESOLICITUD_NOT_FOUND")
        return presolicitud

    @staticmethod
    def _item(p: Presolicitud, person: Affiliate | None) -> PresolicitudQueueItem:
        return PresolicitudQueueItem(
            presolicitud=p.presolicitud_id, numero=p.numero, fecha=p.created_at,
            tipo_documento=person.doc_type if person else "", numero_documento=person.doc_number if person else "",
            nombre=person.full_name if person else "", plan=p.plan, observaciones=p.observaciones,
            archivos=[PresolicitudQueueFile(archivo=f.file_id, tipo_soporte=f.tipo_soporte, nombre_archivo=f.filename,
                                    tamano_bytes=f.size, tipo_archivo=f.content_type) for f in p.files],
            estado=p.state.value, tomada=_action_view(p.taken), decidida=_action_view(p.decided),
            observacion=p.observacion)
