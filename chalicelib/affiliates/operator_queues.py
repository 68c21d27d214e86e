"""The operators' affiliate queues: supports received (accept, or return with a reason) and IPS-change requests
(approve, or reject with a reason). Each decision is taken once (a second operator gets 409), mailed to the
affiliate who sent it and written to the audit trail (ids only: no names, documents or reasons there)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from chalicelib.accounts.permissions import Principal
from chalicelib.affiliates import emails
from chalicelib.affiliates.ports import AffiliateDirectory
from chalicelib.affiliates.request_types import (
    AffiliateRequests,
    Decision,
    IpsChangeRequest,
    IpsChangeState,
    SupportState,
    SupportSubmission,
)
from chalicelib.affiliates.schemas import (
    DecisionResult,
    DecisionView,
    IpsChangeDecisionBody,
    IpsChangeQueue,
    IpsChangeQueueItem,
    SupportDecisionBody,
    SupportQueue,
    SupportQueueItem,
)
from chalicelib.affiliates.supports import SupportFiles
from chalicelib.affiliates.types import Affiliate
from chalicelib.audit.trail import AuditEvent
from chalicelib.common.errors import Conflict, InvalidInput, NotFound
from chalicelib.common.validation import FIELDS_INVALID
from chalicelib.notifications.mailer import Email, Mailer

SUPPORT_NOT_FOUND = "El documento no existe"
IPS_CHANGE_NOT_FOUND = "La solicitud no existe"
ALREADY_DECIDED = "Otro operador ya decidió sobre esta solicitud. Actualice la lista"
SUPPORT_STATES = {"ACEPTAR": SupportState.ACEPTADO, "DEVOLVER": SupportState.DEVUELTO}
IPS_STATES = {"APROBAR": IpsChangeState.APROBADA, "RECHAZAR": IpsChangeState.RECHAZADA}


class Audit(Protocol):
    def record(self, event: AuditEvent, *, provider_id: str | None, actor_id: str | None = None,
               subject_id: str | None = None, source_ip: str | None = None, details: dict | None = None) -> None: ...


def queue_state(states: type[StrEnum], raw: str | None, default: StrEnum) -> StrEnum:
    """The `estado` a queue is listed by (its open state when not given)."""
    if raw is None:
        return default
    try:
        return states(raw)
    except ValueError as exc:
        raise InvalidInput(FIELDS_INVALID, details=[{"campo": "estado", "mensaje": (
            f"Valor no permitido. Valores válidos: {', '.join(s.value for s in states)}")}]) from exc


def _decision_view(decision: Decision | None) -> DecisionView | None:
    return DecisionView(operador=decision.by, fecha=decision.at, motivo=decision.motivo) if decision else None


class QueueNotices:
    """What every operator queue does around a decision: find the people, mail the one who asked, audit it."""

    def __init__(self, directory: AffiliateDirectory, mailer: Mailer, audit: Audit):
        self._directory = directory
        self._mailer = mailer
        self._audit = audit

    def _people(self, identities: Iterable[str]) -> dict[str, Affiliate]:
        wanted = list(dict.fromkeys(identities))
        return dict(self._directory.many(wanted)) if wanted else {}

    def _mail(self, to_identity: str, make: Callable[[Affiliate, dict[str, Affiliate]], Email],
              people: dict[str, Affiliate]) -> None:
        recipient = people.get(to_identity)
        if recipient is not None and recipient.contact.correo:
            self._mailer.send(make(recipient, people))

    def _audit_decision(self, event: AuditEvent, principal: Principal, subject: str, state: str,
                        source_ip: str) -> None:
        self._audit.record(event, provider_id=principal.provider_id, actor_id=principal.person_id,
                           subject_id=subject, source_ip=source_ip, details={"estado": state})


class _Queue(QueueNotices):
    def __init__(self, directory: AffiliateDirectory, requests: AffiliateRequests, mailer: Mailer, audit: Audit,
                 portal_url: str, now: Callable[[], datetime]):
        super().__init__(directory, mailer, audit)
        self._requests = requests
        self._portal_url = portal_url
        self._now = now


class SupportQueueService(_Queue):
    def __init__(self, directory: AffiliateDirectory, requests: AffiliateRequests, files: SupportFiles,
                 mailer: Mailer, audit: Audit, portal_url: str, now: Callable[[], datetime]):
        super().__init__(directory, requests, mailer, audit, portal_url, now)
        self._files = files

    def page(self, estado: str | None, *, limit: int, cursor: str | None) -> SupportQueue:
        state = queue_state(SupportState, estado, SupportState.RECIBIDO)
        page = self._requests.supports_in(state, limit=limit, cursor=cursor)
        people = self._people(s.affiliate for s in page.items)
        return SupportQueue(siguiente=page.cursor, documentos=[self._item(s, people.get(s.affiliate))
                                                               for s in page.items])

    def decide(self, principal: Principal, submission_id: str, body: SupportDecisionBody,
               source_ip: str) -> DecisionResult:
        submission = self._requests.support(submission_id)
        if submission is None:
            raise NotFound(SUPPORT_NOT_FOUND, code="SUPPORT_NOT_FOUND")
        state = SUPPORT_STATES[body.decision]
        motivo = body.motivo if state is SupportState.DEVUELTO else None
        if submission.state is not SupportState.RECIBIDO or not self._requests.decide_support(
                submission_id, state, Decision(by=principal.person_id, at=self._now(), motivo=motivo)):
            raise Conflict(ALREADY_DECIDED, code="ALREADY_DECIDED")
        self._audit_decision(AuditEvent.AFFILIATE_SUPPORT_DECIDED, principal, submission_id, state.value, source_ip)
        self._mail(submission.submitted_by, lambda to, people: emails.support_decided(
            to=to.contact.correo, full_name=to.full_name, person=_name(people, submission.affiliate),
            tipo_soporte=submission.tipo_soporte, accepted=state is SupportState.ACEPTADO, motivo=motivo,
            portal_url=self._portal_url), self._people([submission.submitted_by, submission.affiliate]))
        return DecisionResult(mensaje="Decisión registrada y enviada al afiliado", estado=state.value)

    def _item(self, submission: SupportSubmission, person: Affiliate | None) -> SupportQueueItem:
        return SupportQueueItem(
            envio=submission.submission_id, fecha=submission.submitted_at,
            tipo_documento=person.doc_type if person else "", numero_documento=person.doc_number if person else "",
            nombre=person.full_name if person else "", tipo_soporte=submission.tipo_soporte,
            nombre_archivo=submission.filename, tamano_bytes=submission.size, tipo_archivo=submission.content_type,
            estado=submission.state.value, enlace=self._files.link(submission.file_key, submission.filename),
            decision=_decision_view(submission.decision))


class IpsChangeQueueService(_Queue):
    def page(self, estado: str | None, *, limit: int, cursor: str | None) -> IpsChangeQueue:
        state = queue_state(IpsChangeState, estado, IpsChangeState.EN_TRAMITE)
        page = self._requests.ips_changes_in(state, limit=limit, cursor=cursor)
        people = self._people(r.affiliate for r in page.items)
        keys = {(r.current.nit, r.current.sucursal) for r in page.items if r.current}
        sites = self._directory.ips_sites(keys) if keys else {}
        return IpsChangeQueue(siguiente=page.cursor, solicitudes=[
            self._item(r, people.get(r.affiliate), sites) for r in page.items])

    def decide(self, principal: Principal, request_id: str, body: IpsChangeDecisionBody,
               source_ip: str) -> DecisionResult:
        request = self._requests.ips_change(request_id)
        if request is None:
            raise NotFound(IPS_CHANGE_NOT_FOUND, code="IPS_CHANGE_NOT_FOUND")
        state = IPS_STATES[body.decision]
        if request.state is not IpsChangeState.EN_TRAMITE or not self._requests.decide_ips_change(
                request_id, state, Decision(by=principal.person_id, at=self._now(), motivo=body.motivo)):
            raise Conflict(ALREADY_DECIDED, code="ALREADY_DECIDED")
        self._audit_decision(AuditEvent.AFFILIATE_IPS_CHANGE_DECIDED, principal, request_id, state.value, source_ip)
        self._mail(request.requested_by, lambda to, people: emails.ips_change_decided(
            to=to.contact.correo, full_name=to.full_name, person=_name(people, request.affiliate),
            desired=request.desired_name, approved=state is IpsChangeState.APROBADA, motivo=body.motivo,
            portal_url=self._portal_url), self._people([request.requested_by, request.affiliate]))
        return DecisionResult(mensaje="Decisión registrada y enviada al afiliado", estado=state.value)

    @staticmethod
    def _item(request: IpsChangeRequest, person: Affiliate | None, sites) -> IpsChangeQueueItem:
        current = sites.get((request.current.nit, request.current.sucursal)) if request.current else None
        return IpsChangeQueueItem(
            solicitud=request.request_id, fecha=request.created_at,
            tipo_documento=person.doc_type if person else "", numero_documento=person.doc_number if person else "",
            nombre=person.full_name if person else "",
            ips_actual=current.name if current else (str(request.current) if request.current else None),
            ips_deseada=request.desired_name, motivo_cambio=request.motivo_cambio,
            municipio_residencia=request.contact.ciudad_residencia, estado=request.state.value,
            decision=_decision_view(request.decision))


def _name(people: dict[str, Affiliate], identity: str) -> str:
    person = people.get(identity)
    return person.full_name if person else "su beneficiario"
