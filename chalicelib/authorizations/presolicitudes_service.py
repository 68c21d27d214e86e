"""Autorizaciones Médicas > Registrar mi Solicitud (seed 003 §4.2.1): the NOTIFICACIÓN JURAMENTADA accepted (kept as
consent: version, time, person), the person (the caller or an own minor) and, with an active PAC, the plan; a draft
with DATOS BÁSICOS where each file is uploaded (PDF/JPG/PNG ≤ 2 MB by their first bytes, 1–5 per support type) and
may be deleted before sending; Aceptar gives a presolicitud number from a server sequence and mails it.

A double click sends the same idempotency key twice: the presolicitud's id is derived from the caller and that key,
written only if absent, together with the removal of the draft (one transaction), so only one is created."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Protocol

from chalicelib.affiliates.household import PERSON_NOT_FOUND, Households
from chalicelib.affiliates.ports import AffiliateDirectory
from chalicelib.affiliates.supports import MAX_SUPPORT_BYTES, kind_of, problem_with
from chalicelib.affiliates.types import Affiliate, AffiliatePrincipal
from chalicelib.affiliates.views import ips_key_of
from chalicelib.authorizations import presolicitudes_emails as emails
from chalicelib.authorizations import presolicitudes_terms as terms
from chalicelib.authorizations.presolicitudes_schemas import (
    PresolicitudBasicData,
    PresolicitudDraft,
    PresolicitudDraftRequest,
    PresolicitudFileUpload,
    PresolicitudFileView,
    PresolicitudPeople,
    PresolicitudPerson,
    PresolicitudSent,
    PresolicitudSubmission,
    PresolicitudTermsAcceptance,
    PresolicitudTermsView,
    TermsConsentView,
)
from chalicelib.authorizations.presolicitudes_types import (
    MAX_FILES_PER_TYPE,
    MAX_OBSERVACIONES,
    PBS,
    SUPPORT_TYPES,
    AttachedFile,
    Consent,
    Draft,
    Presolicitud,
    PresolicitudState,
    PresolicitudStore,
)
from chalicelib.common.clock import BOGOTA
from chalicelib.common.errors import Conflict, InvalidInput, NotFound
from chalicelib.common.validation import FIELDS_INVALID
from chalicelib.notifications.mailer import Mailer

TERMS_REQUIRED = "Para registrar su solicitud, lea y acepte la notificación juramentada"
TERMS_CHANGED = "La notificación juramentada cambió: léala de nuevo y acéptela"
TERMS_ACCEPTED = "Aceptó la notificación juramentada"
PLAN_NOT_OFFERED = "Elija el plan entre los de la persona: PBS o un plan PAC activo"
DRAFT_NOT_FOUND = "La solicitud en preparación no existe o venció. Regístrela de nuevo"
FILE_NOT_FOUND = "El archivo no existe"
TOO_MANY_FILES = "Puede adjuntar máximo {maximo} archivos de {tipo}"
MISSING_FILES = "Adjunte al menos un archivo de {tipo}"
BUSY = "La solicitud cambió mientras se cargaba el archivo. Intente de nuevo"
SENT = "Su solicitud fue registrada con el número de presolicitud {numero}. Le enviamos un correo de confirmación"
DRAFT_LIFETIME = timedelta(hours=24)
SEQUENCE = "presolicitudes-{year}"
ATTEMPTS = 3  # concurrent uploads to one draft: each re-reads the list and tries again


class Numbers(Protocol):
    def next_number(self, name: str) -> int:
        """1, 2, 3… per name, never the same twice (jobs/sequences.py)."""
        ...


class DraftFiles(Protocol):
    """Where the files are kept (affiliates/supports.py's S3SupportFiles; tests: an in-memory fake)."""

    def put(self, key: str, data: bytes, content_type: str) -> None: ...

    def delete(self, key: str) -> None: ...


def _field_error(field: str, message: str) -> InvalidInput:
    return InvalidInput(FIELDS_INVALID, details=[{"campo": field, "mensaje": message}])


def presolicitud_id(identity: str, key: str) -> str:
    """The same caller and key give the same presolicitud (a double click); another caller's key cannot reach it."""
    return hashlib.sha256(f"{identity}\x00{key}".encode()).hexdigest()[:32]


def numero_of(year: int, number: int) -> str:
    return f"PS-{year}-{number:06d}"


def active_pac_plans(directory: AffiliateDirectory, person: Affiliate, today: date) -> list[str]:
    return [p.plan for p in directory.pac_plans_of(person.identity)
            if p.estado.upper() == "ACTIVO" and p.vigencia_desde <= today
            and (p.vigencia_hasta is None or today <= p.vigencia_hasta)]


class PresolicitudService:
    def __init__(self, directory: AffiliateDirectory, households: Households, store: PresolicitudStore,
                 files: DraftFiles, numbers: Numbers, mailer: Mailer, portal_url: str, now: Callable[[], datetime],
                 new_id: Callable[[], str] = lambda: uuid.uuid4().hex):
        self._directory = directory
        self._households = households
        self._store = store
        self._files = files
        self._numbers = numbers
        self._mailer = mailer
        self._portal_url = portal_url
        self._now = now
        self._new_id = new_id

    # --- NOTIFICACIÓN JURAMENTADA
    @staticmethod
    def terms() -> PresolicitudTermsView:
        return PresolicitudTermsView(
            version=terms.TERMS_VERSION, titulo=terms.TERMS_TITLE, subtitulo=terms.TERMS_SUBTITLE,
            parrafos=list(terms.TERMS_PARAGRAPHS), servicios=list(terms.TERMS_SERVICES),
            cierre=list(terms.TERMS_CLOSING), enlace_mipres=terms.MIPRES_URL, texto_enlace_mipres=terms.MIPRES_LABEL,
            actualizacion=terms.TERMS_UPDATED, recordatorio=terms.NO_PBS_REMINDER, aceptacion=terms.ACCEPTANCE)

    def accept_terms(self, principal: AffiliatePrincipal, body: PresolicitudTermsAcceptance) -> TermsConsentView:
        if not body.acepto:
            raise _field_error("acepto", TERMS_REQUIRED)
        if body.version != terms.TERMS_VERSION:
            raise _field_error("version", TERMS_CHANGED)
        consent = Consent(version=terms.TERMS_VERSION, accepted_at=self._now(), identity=principal.identity)
        self._store.record_consent(consent)
        return TermsConsentView(mensaje=TERMS_ACCEPTED, version=consent.version, aceptado_en=consent.accepted_at)

    # --- the person and the plan
    def people(self, principal: AffiliatePrincipal) -> PresolicitudPeople:
        house = self._households.of(principal.identity)
        return PresolicitudPeople(personas=[PresolicitudPerson(
            ref=p.ref, nombre=p.full_name, tipo_documento=p.doc_type, numero_documento=p.doc_number,
            planes=[PBS, *active_pac_plans(self._directory, p, house.today)]) for p in house.managed])

    def open_draft(self, principal: AffiliatePrincipal, body: PresolicitudDraftRequest) -> PresolicitudDraft:
        consent = self._store.consent_of(principal.identity, terms.TERMS_VERSION)
        if consent is None:
            raise InvalidInput(TERMS_REQUIRED, code="TERMS_REQUIRED")
        house = self._households.of(principal.identity)
        [person] = house.by_ref([body.ref])  # anyone else: 404
        if body.plan != PBS and body.plan not in active_pac_plans(self._directory, person, house.today):
            raise _field_error("plan", PLAN_NOT_OFFERED)
        at = self._now()
        draft = Draft(draft_id=self._new_id(), owner=principal.identity, affiliate=person.identity, plan=body.plan,
                      consent=consent, files=(), created_at=at,
                      expires_at=int((at + DRAFT_LIFETIME).timestamp()))
        self._store.add_draft(draft)
        return self._view(draft, person)

    # --- the draft's files
    def draft(self, principal: AffiliatePrincipal, draft_id: str) -> PresolicitudDraft:
        return self._view(self._owned_draft(principal, draft_id))

    def upload(self, principal: AffiliatePrincipal, draft_id: str, body: PresolicitudFileUpload) -> PresolicitudDraft:
        data = body.data()
        if problem := problem_with(data):
            raise _field_error("contenido", problem)
        self._check_room(self._owned_draft(principal, draft_id), body.tipo_soporte)  # before storing the file
        kind = kind_of(data)
        file_id = self._new_id()
        attached = AttachedFile(file_id=file_id, tipo_soporte=body.tipo_soporte, filename=body.nombre_archivo,
                                content_type=kind.content_type, size=len(data),
                                key=f"presolicitudes/{draft_id}/{file_id}.{kind.extension}")
        self._files.put(attached.key, data, attached.content_type)

        def add(draft: Draft) -> tuple[AttachedFile, ...]:
            self._check_room(draft, body.tipo_soporte)  # again: another upload may have filled it meanwhile
            return (*draft.files, attached)

        try:
            return self._view(self._change_files(principal, draft_id, add))
        except Exception:
            self._files.delete(attached.key)  # not in the draft: nobody would ever remove it
            raise

    def delete_file(self, principal: AffiliatePrincipal, draft_id: str, file_id: str) -> PresolicitudDraft:
        removed: list[AttachedFile] = []

        def remove(draft: Draft) -> tuple[AttachedFile, ...]:
            kept = tuple(f for f in draft.files if f.file_id != file_id)
            if len(kept) == len(draft.files):
                raise NotFound(FILE_NOT_FOUND, code="FILE_NOT_FOUND")
            removed[:] = [f for f in draft.files if f.file_id == file_id]
            return kept

        draft = self._change_files(principal, draft_id, remove)
        for gone in removed:
            self._files.delete(gone.key)
        return self._view(draft)

    # --- Aceptar
    def send(self, principal: AffiliatePrincipal, body: PresolicitudSubmission) -> PresolicitudSent:
        pid = presolicitud_id(principal.identity, body.clave)
        if (existing := self._store.presolicitud(pid)) is not None:
            return self._sent(existing)
        draft = self._owned_draft(principal, body.borrador)
        missing = [{"campo": f"archivos.{tipo}", "mensaje": MISSING_FILES.format(tipo=tipo)}
                   for tipo in SUPPORT_TYPES if not draft.count_of(tipo)]
        if missing:
            raise InvalidInput(FIELDS_INVALID, code="FILES_MISSING", details=missing)
        house = self._households.of(principal.identity)
        person = next((p for p in house.managed if p.identity == draft.affiliate), None)
        if person is None:  # the minor turned 18 since the draft was opened
            raise NotFound(PERSON_NOT_FOUND, code="PERSON_NOT_FOUND")
        at = self._now()
        year = at.astimezone(BOGOTA).year
        presolicitud = Presolicitud(
            presolicitud_id=pid, numero=numero_of(year, self._numbers.next_number(SEQUENCE.format(year=year))),
            affiliate=draft.affiliate, requested_by=principal.identity, plan=draft.plan,
            observaciones=body.observaciones, files=draft.files, consent=draft.consent,
            state=PresolicitudState.RADICADA, created_at=at)
        if not self._store.submit(presolicitud, draft.draft_id):
            if (existing := self._store.presolicitud(pid)) is not None:  # the other click won the race
                return self._sent(existing)
            raise NotFound(DRAFT_NOT_FOUND, code="DRAFT_NOT_FOUND")
        caller = house.caller
        if caller.contact.correo:
            self._mailer.send(emails.received(to=caller.contact.correo, full_name=caller.full_name,
                                              person=person.full_name, numero=presolicitud.numero,
                                              plan=presolicitud.plan, portal_url=self._portal_url))
        return self._sent(presolicitud)

    # --- shared
    @staticmethod
    def _sent(presolicitud: Presolicitud) -> PresolicitudSent:
        return PresolicitudSent(mensaje=SENT.format(numero=presolicitud.numero), numero=presolicitud.numero,
                                fecha=presolicitud.created_at.astimezone(BOGOTA))

    def _owned_draft(self, principal: AffiliatePrincipal, draft_id: str) -> Draft:
        draft = self._store.draft(draft_id)
        # TTL removes an expired draft late: its end, not its presence, decides.
        if draft is None or draft.owner != principal.identity or draft.expires_at <= self._now().timestamp():
            raise NotFound(DRAFT_NOT_FOUND, code="DRAFT_NOT_FOUND")
        return draft

    @staticmethod
    def _check_room(draft: Draft, tipo_soporte: str) -> None:
        if draft.count_of(tipo_soporte) >= MAX_FILES_PER_TYPE:
            raise _field_error("tipo_soporte", TOO_MANY_FILES.format(maximo=MAX_FILES_PER_TYPE, tipo=tipo_soporte))

    def _change_files(self, principal: AffiliatePrincipal, draft_id: str,
                      change: Callable[[Draft], tuple[AttachedFile, ...]]) -> Draft:
        for _ in range(ATTEMPTS):
            draft = self._owned_draft(principal, draft_id)
            files = change(draft)
            if self._store.replace_files(draft_id, files, draft.version):
                return replace(draft, files=files, version=draft.version + 1)
        raise Conflict(BUSY, code="DRAFT_BUSY")

    def _view(self, draft: Draft, person: Affiliate | None = None) -> PresolicitudDraft:
        person = person or self._directory.find(draft.affiliate)
        if person is None:
            raise NotFound(PERSON_NOT_FOUND, code="PERSON_NOT_FOUND")
        key = ips_key_of(person)
        site = self._directory.ips_site(*key) if key else None
        return PresolicitudDraft(
            borrador=draft.draft_id,
            datos_basicos=PresolicitudBasicData(
                fecha=draft.created_at.astimezone(BOGOTA).date(),
                documento_identidad=f"{person.doc_type} - {person.doc_number}", nombre=person.full_name,
                ips_primaria=site.name if site else None, plan=draft.plan,
                recien_nacido="Sí" if person.recien_nacido else "No", derecho=person.derecho),
            archivos=[PresolicitudFileView(archivo=f.file_id, tipo_soporte=f.tipo_soporte, nombre_archivo=f.filename,
                                       tamano_bytes=f.size, tipo_archivo=f.content_type) for f in draft.files],
            tipos_soporte=list(SUPPORT_TYPES), formatos=["PDF", "JPG", "PNG"],
            tamano_maximo_bytes=MAX_SUPPORT_BYTES, maximo_archivos_por_tipo=MAX_FILES_PER_TYPE,
            maximo_observaciones=MAX_OBSERVACIONES)
