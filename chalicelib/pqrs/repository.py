"""The only module that touches the pqrs table (models.py); implements store.PqrsStore."""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from datetime import UTC, date, datetime

from pynamodb.exceptions import DoesNotExist, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from chalicelib.common.pagination import Page, query_page
from chalicelib.pqrs.catalogue import Channel, PqrsState, PqrsType
from chalicelib.pqrs.models import IDEMPOTENCY, PQRS, SEQUENCE, PqrsRecord
from chalicelib.pqrs.types import Answer, Pqrs, Sender

Record = PqrsRecord
IDEMPOTENCY_SECONDS = 24 * 3600


def _iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat()


def _instant(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _key(radicado: str) -> str:
    return f"{PQRS}#{radicado}"


def _pqrs(record: Record) -> Pqrs:
    answer = (Answer(record.answer_text, record.answered_by, _instant(record.answered_at))
              if record.answer_text is not None else None)
    return Pqrs(
        radicado=record.pqrs_id.removeprefix(f"{PQRS}#"), tipo=PqrsType(record.tipo), channel=Channel(record.channel),
        descripcion=record.descripcion, filed_at=_instant(record.filed_at), due_on=date.fromisoformat(record.due_on),
        state=PqrsState(record.state), affiliate=record.affiliate,
        sender=Sender(**record.sender.as_dict()) if record.sender else None, answer=answer,
        rating=int(record.rating) if record.rating is not None else None, rated_at=_instant(record.rated_at))


def _cancelled_by_condition(exc: TransactWriteError) -> bool:
    return any(reason is not None and reason.code == "ConditionalCheckFailed" for reason in exc.cancellation_reasons)


class PqrsRepository:
    def next_number(self, year: int) -> int:
        counter = Record(f"{SEQUENCE}#{year}", kind=SEQUENCE)
        counter.update(actions=[Record.last.add(1), Record.kind.set(SEQUENCE)])
        return int(counter.last)

    def add(self, pqrs: Pqrs, idempotency_key: str | None = None) -> str:
        record = Record(
            _key(pqrs.radicado), kind=PQRS, tipo=pqrs.tipo.value, channel=pqrs.channel.value,
            descripcion=pqrs.descripcion, filed_at=_iso(pqrs.filed_at),
            filed_key=f"{_iso(pqrs.filed_at)}#{pqrs.radicado}", due_on=pqrs.due_on.isoformat(),
            due_key=f"{pqrs.due_on.isoformat()}#{pqrs.radicado}", due_month=pqrs.due_on.isoformat()[:7],
            state=pqrs.state.value, affiliate=pqrs.affiliate,
            sender={k: v for k, v in asdict(pqrs.sender).items() if v is not None} if pqrs.sender else None)
        if idempotency_key is None:
            record.save(condition=Record.pqrs_id.does_not_exist())
            return pqrs.radicado
        key_id = f"{IDEMPOTENCY}#{hashlib.sha256(idempotency_key.encode()).hexdigest()}"
        marker = Record(key_id, kind=IDEMPOTENCY, radicado=pqrs.radicado,
                        expires_at=int(pqrs.filed_at.timestamp()) + IDEMPOTENCY_SECONDS)
        try:
            with TransactWrite(connection=Record._get_connection().connection) as tx:
                tx.save(marker, condition=Record.pqrs_id.does_not_exist())
                tx.save(record, condition=Record.pqrs_id.does_not_exist())
        except TransactWriteError as exc:
            if not _cancelled_by_condition(exc):
                raise
            return Record.get(key_id, consistent_read=True).radicado
        return pqrs.radicado

    def get(self, radicado: str) -> Pqrs | None:
        try:
            record = Record.get(_key(radicado), consistent_read=True)
        except DoesNotExist:
            return None
        return _pqrs(record) if record.kind == PQRS else None

    def of_affiliate(self, identity: str, *, limit: int, cursor: str | None) -> Page[Pqrs]:
        return query_page(Record.by_affiliate, "affiliate", identity, limit=limit, cursor=cursor, newest_first=True,
                          as_type=_pqrs)

    def in_state(self, state: PqrsState, *, limit: int, cursor: str | None) -> Page[Pqrs]:
        return query_page(Record.by_state, "state", state.value, limit=limit, cursor=cursor, as_type=_pqrs)

    def due_in(self, month: str) -> list[Pqrs]:
        return [_pqrs(r) for r in Record.by_due_month.query(month)]

    def answer(self, radicado: str, answer: Answer) -> bool:
        actions = [Record.state.set(PqrsState.FINALIZADO.value), Record.answer_text.set(answer.text),
                   Record.answered_by.set(answer.by), Record.answered_at.set(_iso(answer.at))]
        return self._update(radicado, actions, Record.state == PqrsState.EN_GESTION.value)

    def rate(self, radicado: str, identity: str, stars: int, at: datetime) -> bool:
        condition = ((Record.affiliate == identity) & (Record.state == PqrsState.FINALIZADO.value)
                     & Record.rating.does_not_exist())
        return self._update(radicado, [Record.rating.set(stars), Record.rated_at.set(_iso(at))], condition)

    @staticmethod
    def _update(radicado: str, actions: list, condition) -> bool:
        try:
            Record(_key(radicado)).update(actions=actions, condition=(Record.kind == PQRS) & condition)
        except UpdateError as exc:
            if getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException":
                return False
            raise
        return True
