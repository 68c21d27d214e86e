"""The outbox table (chalicelib/notifications/models.py): its only owner. It takes and hands out `OutboxMessage`,
a plain frozen value; the records stay here."""

from __future__ import annotations

from datetime import datetime

from chalicelib.common.db import frozen_type, plain, record_of
from chalicelib.notifications.models import FAILED, PENDING, SENT, OutboxRecord

OutboxMessage = frozen_type("OutboxMessage", OutboxRecord)
as_message = plain(OutboxMessage)


def _record(message) -> OutboxRecord:
    return record_of(OutboxRecord, message)


class OutboxRepository:
    def add(self, message: OutboxMessage) -> None:
        _record(message).save(condition=OutboxRecord.message_id.does_not_exist())

    def transact_save(self, tx, message: OutboxMessage) -> None:
        """Write the message inside the caller's TransactWrite (it commits with the state change)."""
        tx.save(_record(message), condition=OutboxRecord.message_id.does_not_exist())

    def mark_sent(self, message: OutboxMessage, at: datetime, expires_at: int) -> None:
        OutboxRecord(message.message_id).update(actions=[
            OutboxRecord.state.set(SENT), OutboxRecord.sent_at.set(at), OutboxRecord.attempts.add(1),
            OutboxRecord.text.remove(), OutboxRecord.due.remove(), OutboxRecord.expires_at.set(expires_at)])

    def mark_attempt_failed(self, message: OutboxMessage, error: str, next_attempt_at: int | None,
                            expires_at: int) -> None:
        """Another attempt at `next_attempt_at`, or (None) given up: FALLIDO, body dropped."""
        actions = [OutboxRecord.attempts.add(1), OutboxRecord.last_error.set(error),
                   OutboxRecord.expires_at.set(expires_at)]
        if next_attempt_at is None:
            actions += [OutboxRecord.state.set(FAILED), OutboxRecord.text.remove(), OutboxRecord.due.remove()]
        else:
            actions.append(OutboxRecord.next_attempt_at.set(next_attempt_at))
        OutboxRecord(message.message_id).update(actions=actions)

    def due(self, now: int, limit: int) -> list[OutboxMessage]:
        return [as_message(r) for r in OutboxRecord.by_due.query(PENDING, OutboxRecord.next_attempt_at <= now,
                                                                  limit=limit)]
