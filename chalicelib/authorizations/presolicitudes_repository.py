"""The only module that touches the presolicitudes table (presolicitudes_models.py); implements PresolicitudStore."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from pynamodb.exceptions import DoesNotExist, PutError, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from chalicelib.authorizations.presolicitudes_models import (
    CONSENT,
    DRAFT,
    PRESOLICITUD,
    FileMap,
    PresolicitudRecord,
)
from chalicelib.authorizations.presolicitudes_types import (
    AttachedFile,
    Consent,
    Draft,
    OperatorAction,
    Presolicitud,
    PresolicitudState,
)
from chalicelib.common.pagination import Page, query_page

Record = PresolicitudRecord


def _iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat()


def _instant(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _conditional_failed(exc: Exception) -> bool:
    return getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException"


def _cancelled_by_condition(exc: TransactWriteError) -> bool:
    return any(reason is not None and reason.code == "ConditionalCheckFailed" for reason in exc.cancellation_reasons)


def _consent_id(identity: str, version: str) -> str:
    return f"{CONSENT}#{identity}#{version}"


def _draft_id(draft_id: str) -> str:
    return f"{DRAFT}#{draft_id}"


def _presolicitud_id(presolicitud_id: str) -> str:
    return f"{PRESOLICITUD}#{presolicitud_id}"


def _file_maps(files: Iterable[AttachedFile]) -> list[FileMap]:
    return [FileMap(file_id=f.file_id, tipo_soporte=f.tipo_soporte, filename=f.filename,
                    content_type=f.content_type, size=f.size, key=f.key) for f in files]


def _files(record: Record) -> tuple[AttachedFile, ...]:
    return tuple(AttachedFile(file_id=f.file_id, tipo_soporte=f.tipo_soporte, filename=f.filename,
                              content_type=f.content_type, size=int(f.size), key=f.key) for f in record.files or [])


def _consent(record: Record) -> Consent:
    return Consent(version=record.consent_version, accepted_at=_instant(record.consent_at),
                   identity=record.requested_by)


def _draft(record: Record) -> Draft:
    return Draft(draft_id=record.item_id.split("#", 1)[1], owner=record.requested_by,
                 affiliate=record.draft_affiliate, plan=record.plan, consent=_consent(record), files=_files(record),
                 created_at=_instant(record.created_at), expires_at=int(record.expires_at),
                 version=int(record.revision or 0))


def _action(by: str | None, at: str | None) -> OperatorAction | None:
    return OperatorAction(by=by, at=_instant(at)) if by else None


def _presolicitud(record: Record) -> Presolicitud:
    return Presolicitud(
        presolicitud_id=record.item_id.split("#", 1)[1], numero=record.numero, affiliate=record.affiliate,
        requested_by=record.requested_by, plan=record.plan, observaciones=record.observaciones or "",
        files=_files(record), consent=_consent(record), state=PresolicitudState(record.state),
        created_at=_instant(record.created_at), taken=_action(record.taken_by, record.taken_at),
        decided=_action(record.decided_by, record.decided_at), observacion=record.observacion)


def _queue(state: PresolicitudState) -> str:
    return f"{PRESOLICITUD}#{state.value}"


class PresolicitudRepository:
    # --- the terms accepted
    def record_consent(self, consent: Consent) -> None:
        Record(_consent_id(consent.identity, consent.version), kind=CONSENT, requested_by=consent.identity,
               version=consent.version, created_at=_iso(consent.accepted_at)).save()

    def consent_of(self, identity: str, version: str) -> Consent | None:
        record = self._get(_consent_id(identity, version))
        if record is None:
            return None
        return Consent(version=record.version, accepted_at=_instant(record.created_at), identity=identity)

    # --- drafts
    def add_draft(self, draft: Draft) -> None:
        Record(_draft_id(draft.draft_id), kind=DRAFT, requested_by=draft.owner, draft_affiliate=draft.affiliate,
               plan=draft.plan, consent_version=draft.consent.version, consent_at=_iso(draft.consent.accepted_at),
               files=_file_maps(draft.files), revision=draft.version, created_at=_iso(draft.created_at),
               expires_at=draft.expires_at).save(condition=Record.item_id.does_not_exist())

    def draft(self, draft_id: str) -> Draft | None:
        record = self._get(_draft_id(draft_id))
        return _draft(record) if record is not None and record.kind == DRAFT else None

    def replace_files(self, draft_id: str, files: tuple[AttachedFile, ...], expected_version: int) -> bool:
        try:
            Record(_draft_id(draft_id)).update(
                actions=[Record.files.set(_file_maps(files)), Record.revision.set(expected_version + 1)],
                condition=(Record.kind == DRAFT) & (Record.revision == expected_version))
        except UpdateError as exc:
            if _conditional_failed(exc):
                return False
            raise
        return True

    # --- presolicitudes
    def submit(self, presolicitud: Presolicitud, draft_id: str) -> bool:
        p = presolicitud
        record = Record(
            _presolicitud_id(p.presolicitud_id), kind=PRESOLICITUD, requested_by=p.requested_by,
            created_at=_iso(p.created_at), affiliate=p.affiliate, plan=p.plan, consent_version=p.consent.version,
            consent_at=_iso(p.consent.accepted_at), files=_file_maps(p.files), numero=p.numero,
            observaciones=p.observaciones or None, state=p.state.value, queue=_queue(p.state),
            queued_key=f"{_iso(p.created_at)}#{p.presolicitud_id}")
        try:
            with TransactWrite(connection=Record._get_connection().connection) as tx:
                tx.save(record, condition=Record.item_id.does_not_exist())
                tx.delete(Record(_draft_id(draft_id)),
                          condition=(Record.kind == DRAFT) & (Record.requested_by == p.requested_by))
        except TransactWriteError as exc:
            if _cancelled_by_condition(exc):
                return False
            raise
        return True

    def presolicitud(self, presolicitud_id: str) -> Presolicitud | None:
        record = self._get(_presolicitud_id(presolicitud_id))
        return _presolicitud(record) if record is not None and record.kind == PRESOLICITUD else None

    def in_state(self, state: PresolicitudState, *, limit: int, cursor: str | None) -> Page[Presolicitud]:
        return query_page(Record.by_queue, "queue", _queue(state), limit=limit, cursor=cursor,
                          as_type=_presolicitud)

    def of_affiliates(self, identities: Iterable[str]) -> list[Presolicitud]:
        return [_presolicitud(r) for identity in dict.fromkeys(identities)
                for r in Record.by_affiliate.query(identity, scan_index_forward=False)]

    def take(self, presolicitud_id: str, action: OperatorAction) -> bool:
        state = PresolicitudState.EN_REVISION
        return self._update(presolicitud_id, [
            Record.state.set(state.value), Record.queue.set(_queue(state)), Record.taken_by.set(action.by),
            Record.taken_at.set(_iso(action.at))], Record.state == PresolicitudState.RADICADA.value)

    def decide(self, presolicitud_id: str, state: PresolicitudState, action: OperatorAction,
               observacion: str | None) -> bool:
        actions = [Record.state.set(state.value), Record.queue.set(_queue(state)), Record.decided_by.set(action.by),
                   Record.decided_at.set(_iso(action.at))]
        if observacion:
            actions.append(Record.observacion.set(observacion))
        open_to_this_operator = (Record.state == PresolicitudState.RADICADA.value) | (
            (Record.state == PresolicitudState.EN_REVISION.value) & (Record.taken_by == action.by))
        return self._update(presolicitud_id, actions, open_to_this_operator)

    # --- shared
    @staticmethod
    def _get(item_id: str) -> Record | None:
        try:
            return Record.get(item_id, consistent_read=True)
        except DoesNotExist:
            return None

    @staticmethod
    def _update(presolicitud_id: str, actions: list, condition) -> bool:
        try:
            Record(_presolicitud_id(presolicitud_id)).update(
                actions=actions, condition=(Record.kind == PRESOLICITUD) & condition)
        except (UpdateError, PutError) as exc:
            if _conditional_failed(exc):
                return False
            raise
        return True
