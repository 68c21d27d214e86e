"""The only module that touches the affiliate_requests table (requests_models.py); implements AffiliateRequests."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime

from pynamodb.exceptions import DeleteError, DoesNotExist, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from chalicelib.affiliates.request_types import (
    Decision,
    EmailChange,
    IpsChangeRequest,
    IpsChangeState,
    IpsKey,
    SupportState,
    SupportSubmission,
)
from chalicelib.affiliates.requests_models import (
    EMAIL_CHANGE,
    IPS_CHANGE,
    IPS_LOCK,
    SUPPORT,
    AffiliateRequestRecord,
)
from chalicelib.affiliates.types import Contact
from chalicelib.common.pagination import Page, query_page

Record = AffiliateRequestRecord


def _iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat()


def _instant(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _conditional_failed(exc: Exception) -> bool:
    return getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException"


def _decision(record: Record) -> Decision | None:
    if not record.decided_by:
        return None
    return Decision(by=record.decided_by, at=_instant(record.decided_at), motivo=record.motivo)


def _support(record: Record) -> SupportSubmission:
    return SupportSubmission(
        submission_id=record.request_id, batch_id=record.batch_id, affiliate=record.affiliate,
        submitted_by=record.requested_by, tipo_soporte=record.tipo_soporte, filename=record.filename,
        content_type=record.content_type, size=int(record.size), file_key=record.file_key,
        state=SupportState(record.state), submitted_at=_instant(record.created_at), decision=_decision(record))


def _ips_change(record: Record) -> IpsChangeRequest:
    current = IpsKey(record.current_nit, record.current_sucursal) if record.current_nit else None
    contact = record.contact.as_dict() if record.contact else {}
    return IpsChangeRequest(
        request_id=record.request_id, affiliate=record.affiliate, requested_by=record.requested_by, current=current,
        desired=IpsKey(record.desired_nit, record.desired_sucursal), desired_name=record.desired_name,
        motivo_cambio=record.motivo_cambio, contact=Contact(**contact), state=IpsChangeState(record.state),
        created_at=_instant(record.created_at), decision=_decision(record))


def _lock_id(identity: str) -> str:
    return f"{IPS_LOCK}#{identity}"


class AffiliateRequestRepository:
    # --- supports
    def add_supports(self, submissions: list[SupportSubmission]) -> None:
        with Record.batch_write() as batch:
            for s in submissions:
                batch.save(Record(
                    s.submission_id, kind=SUPPORT, state=s.state.value, queue=f"{SUPPORT}#{s.state.value}",
                    queued_key=f"{_iso(s.submitted_at)}#{s.submission_id}", affiliate=s.affiliate,
                    requested_by=s.submitted_by, created_at=_iso(s.submitted_at), batch_id=s.batch_id,
                    tipo_soporte=s.tipo_soporte, filename=s.filename, content_type=s.content_type, size=s.size,
                    file_key=s.file_key))

    def supports_of(self, identities: list[str]) -> list[SupportSubmission]:
        return [_support(r) for identity in identities for r in Record.by_affiliate.query(
            identity, filter_condition=Record.kind == SUPPORT)]

    def support(self, submission_id: str) -> SupportSubmission | None:
        record = self._get(submission_id)
        return _support(record) if record is not None and record.kind == SUPPORT else None

    def supports_in(self, state: SupportState, *, limit: int, cursor: str | None) -> Page[SupportSubmission]:
        return query_page(Record.by_queue, "queue", f"{SUPPORT}#{state.value}", limit=limit, cursor=cursor,
                          as_type=_support)

    def decide_support(self, submission_id: str, state: SupportState, decision: Decision) -> bool:
        return self._decide(submission_id, SUPPORT, SupportState.RECIBIDO.value, state.value, decision)

    # --- IPS changes
    def open_ips_change(self, request: IpsChangeRequest) -> bool:
        record = Record(
            request.request_id, kind=IPS_CHANGE, state=request.state.value, queue=f"{IPS_CHANGE}#{request.state.value}",
            queued_key=f"{_iso(request.created_at)}#{request.request_id}", affiliate=request.affiliate,
            requested_by=request.requested_by, created_at=_iso(request.created_at),
            current_nit=request.current.nit if request.current else None,
            current_sucursal=request.current.sucursal if request.current else None,
            desired_nit=request.desired.nit, desired_sucursal=request.desired.sucursal,
            desired_name=request.desired_name, motivo_cambio=request.motivo_cambio,
            contact={k: v for k, v in asdict(request.contact).items() if v is not None})
        lock = Record(_lock_id(request.affiliate), kind=IPS_LOCK, requested_by=request.request_id)
        try:
            with TransactWrite(connection=Record._get_connection().connection) as tx:
                tx.save(lock, condition=Record.request_id.does_not_exist())
                tx.save(record, condition=Record.request_id.does_not_exist())
        except TransactWriteError as exc:
            if any(reason is not None and reason.code == "ConditionalCheckFailed"
                   for reason in exc.cancellation_reasons):
                return False
            raise
        return True

    def ips_changes_of(self, identities: list[str]) -> list[IpsChangeRequest]:
        return [_ips_change(r) for identity in identities for r in Record.by_affiliate.query(
            identity, filter_condition=Record.kind == IPS_CHANGE)]

    def ips_change(self, request_id: str) -> IpsChangeRequest | None:
        record = self._get(request_id)
        return _ips_change(record) if record is not None and record.kind == IPS_CHANGE else None

    def ips_changes_in(self, state: IpsChangeState, *, limit: int,
                       cursor: str | None) -> Page[IpsChangeRequest]:
        return query_page(Record.by_queue, "queue", f"{IPS_CHANGE}#{state.value}", limit=limit, cursor=cursor,
                          as_type=_ips_change)

    def decide_ips_change(self, request_id: str, state: IpsChangeState, decision: Decision) -> bool:
        record = self._get(request_id)
        if record is None or record.kind != IPS_CHANGE:
            return False
        try:
            with TransactWrite(connection=Record._get_connection().connection) as tx:
                tx.update(Record(request_id), actions=self._decision_actions(IPS_CHANGE, state.value, decision),
                          condition=Record.state == IpsChangeState.EN_TRAMITE.value)
                tx.delete(Record(_lock_id(record.affiliate)), condition=Record.requested_by == request_id)
        except TransactWriteError as exc:
            if any(reason is not None and reason.code == "ConditionalCheckFailed"
                   for reason in exc.cancellation_reasons):
                return False
            raise
        return True

    # --- email changes
    def add_email_change(self, change: EmailChange) -> None:
        Record(f"{EMAIL_CHANGE}#{change.code_hash}", kind=EMAIL_CHANGE, requested_by=change.requested_by,
               identities=" ".join(change.identities), correo=change.correo,
               expires_at=change.expires_at).save(condition=Record.request_id.does_not_exist())

    def take_email_change(self, code_hash: str, now: int) -> EmailChange | None:
        try:
            # Deleted only while live: TTL removes expired items late, so the condition, not the TTL, decides.
            found = Record._get_connection().delete_item(f"{EMAIL_CHANGE}#{code_hash}",
                                                         condition=Record.expires_at > now, return_values="ALL_OLD")
        except DeleteError as exc:
            if _conditional_failed(exc):
                return None
            raise
        if not found.get("Attributes"):
            return None
        item = Record.from_raw_data(found["Attributes"])
        return EmailChange(code_hash=code_hash, requested_by=item.requested_by,
                           identities=tuple(item.identities.split()), correo=item.correo,
                           expires_at=int(item.expires_at))

    # --- shared
    @staticmethod
    def _get(request_id: str) -> Record | None:
        try:
            return Record.get(request_id, consistent_read=True)
        except DoesNotExist:
            return None

    @staticmethod
    def _decision_actions(kind: str, state: str, decision: Decision) -> list:
        actions = [Record.state.set(state), Record.queue.set(f"{kind}#{state}"), Record.decided_by.set(decision.by),
                   Record.decided_at.set(_iso(decision.at))]
        if decision.motivo:
            actions.append(Record.motivo.set(decision.motivo))
        return actions

    def _decide(self, request_id: str, kind: str, expected: str, state: str, decision: Decision) -> bool:
        try:
            Record(request_id).update(actions=self._decision_actions(kind, state, decision),
                                      condition=(Record.kind == kind) & (Record.state == expected))
        except UpdateError as exc:
            if _conditional_failed(exc):
                return False
            raise
        return True


