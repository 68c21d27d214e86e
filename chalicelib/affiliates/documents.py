"""Mi cuenta > Actualizar documentos (seed 003 §4.1.2): the supports the EPS waits for (documentos_pendientes) of
the caller and their minors, sent as PDF, JPG or PNG of at most 2 MB (told by their first bytes), kept in the data
bucket; "Enviar documentos" mails a confirmation. Operators accept or return them (operator_queues.py)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime

from chalicelib.affiliates import emails
from chalicelib.affiliates.household import Household, Households
from chalicelib.affiliates.ports import AffiliateDirectory
from chalicelib.affiliates.request_types import AffiliateRequests, SupportState, SupportSubmission
from chalicelib.affiliates.schemas import PendingSupportView, SupportsPage, SupportsSent, SupportsSubmission
from chalicelib.affiliates.supports import MAX_SUPPORT_BYTES, SupportFiles, kind_of, problem_with
from chalicelib.affiliates.types import AffiliatePrincipal
from chalicelib.common.clock import BOGOTA
from chalicelib.common.errors import InvalidInput
from chalicelib.common.files import download_name
from chalicelib.common.validation import FIELDS_INVALID
from chalicelib.notifications.mailer import Mailer

PENDIENTE = "PENDIENTE"
NOT_PENDING = "La EPS no espera este documento de esta persona"
IN_REVIEW = "Este documento ya fue enviado y está en revisión"
SENT = "Sus documentos fueron enviados. Le enviamos un correo de confirmación"


class DocumentsService:
    def __init__(self, directory: AffiliateDirectory, households: Households, requests: AffiliateRequests,
                 files: SupportFiles, mailer: Mailer, portal_url: str, now: Callable[[], datetime],
                 new_id: Callable[[], str] = lambda: uuid.uuid4().hex):
        self._directory = directory
        self._households = households
        self._requests = requests
        self._files = files
        self._mailer = mailer
        self._portal_url = portal_url
        self._now = now
        self._new_id = new_id

    def page(self, principal: AffiliatePrincipal) -> SupportsPage:
        house = self._households.of(principal.identity)
        return SupportsPage(documentos=self._pending(house), tamano_maximo_bytes=MAX_SUPPORT_BYTES)

    def send(self, principal: AffiliatePrincipal, body: SupportsSubmission) -> SupportsSent:
        house = self._households.of(principal.identity)
        people = {p.ref: p for p in house.by_ref(f.ref for f in body.archivos)}  # any other ref: 404
        states = {(d.ref, d.tipo_soporte): d.estado for d in self._pending(house)}
        errors, accepted = [], []
        for position, upload in enumerate(body.archivos):
            state = states.get((upload.ref, upload.tipo_soporte))
            data = upload.data()
            if state is None:
                errors.append({"campo": f"archivos.{position}.tipo_soporte", "mensaje": NOT_PENDING})
            elif state in (SupportState.RECIBIDO, SupportState.ACEPTADO):
                errors.append({"campo": f"archivos.{position}.tipo_soporte", "mensaje": IN_REVIEW})
            elif problem := problem_with(data):
                errors.append({"campo": f"archivos.{position}.contenido", "mensaje": problem})
            else:
                accepted.append((upload, data))
        if errors:
            raise InvalidInput(FIELDS_INVALID, code="SUPPORTS_REFUSED", details=errors)
        batch, at = self._new_id(), self._now()
        submissions = []
        for upload, data in accepted:
            kind = kind_of(data)
            submission_id = self._new_id()
            key = f"{batch}/{submission_id}.{kind.extension}"
            self._files.put(key, data, kind.content_type)
            submissions.append(SupportSubmission(
                submission_id=submission_id, batch_id=batch, affiliate=people[upload.ref].identity,
                submitted_by=principal.identity, tipo_soporte=upload.tipo_soporte,
                filename=download_name(upload.nombre_archivo), content_type=kind.content_type, size=len(data),
                file_key=key, state=SupportState.RECIBIDO, submitted_at=at))
        self._requests.add_supports(submissions)
        caller = house.caller
        if caller.contact.correo:
            self._mailer.send(emails.supports_received(
                to=caller.contact.correo, full_name=caller.full_name, portal_url=self._portal_url,
                supports=[(people[u.ref].full_name, u.tipo_soporte) for u, _ in accepted]))
        return SupportsSent(mensaje=SENT, envio=batch)

    def _pending(self, house: Household) -> list[PendingSupportView]:
        people = {p.identity: p for p in house.managed}
        identities = list(people)
        latest: dict[tuple[str, str], SupportSubmission] = {}
        for sent in sorted(self._requests.supports_of(identities), key=lambda s: s.submitted_at):
            latest[(sent.affiliate, sent.tipo_soporte)] = sent
        views = []
        for document in self._directory.pending_documents_of(identities):
            person = people[document.affiliate]
            sent = latest.get((document.affiliate, document.tipo_soporte))
            if sent and sent.submitted_at.astimezone(BOGOTA).date() < document.fecha:
                sent = None  # sent before the EPS asked again: this request is still open
            views.append(PendingSupportView(
                ref=person.ref, nombre=person.full_name, tipo_soporte=document.tipo_soporte, fecha=document.fecha,
                estado=sent.state.value if sent else PENDIENTE,
                motivo=sent.decision.motivo if sent and sent.decision and sent.state is SupportState.DEVUELTO
                else None))
        return views
