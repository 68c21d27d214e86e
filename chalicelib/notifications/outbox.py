"""Emails leave through the outbox: recorded first (with the state change that causes them, when the caller
writes them in its own transaction), then handed to SES; a failed hand-over is retried apart, so an SES
outage never turns a finished action into a 500. `Outbox` is also a `Mailer` (send = record + deliver)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import datetime

from aws_lambda_powertools.metrics import MetricUnit
from botocore.exceptions import BotoCoreError, ClientError

from chalicelib.common import clock
from chalicelib.common.observability import logger, metrics
from chalicelib.notifications.mailer import Email, Mailer
from chalicelib.notifications.models import PENDING, OutboxRecord

MAX_ATTEMPTS = 6  # 1 + retries after 1, 2, 4, 8 and 16 minutes
FIRST_RETRY_SECONDS = 60
KEEP_SECONDS = 7 * 24 * 3600  # what was sent or given up stays visible a week (without its body)


class OutboxRepository:
    """The only module that touches the outbox table."""

    def add(self, record: OutboxRecord) -> None:
        record.save(condition=OutboxRecord.message_id.does_not_exist())

    def transact_save(self, tx, record: OutboxRecord) -> None:
        """Write the message inside the caller's TransactWrite (it commits with the state change)."""
        tx.save(record, condition=OutboxRecord.message_id.does_not_exist())

    def mark_sent(self, record: OutboxRecord, at: datetime, expires_at: int) -> None:
        record.update(actions=[OutboxRecord.state.set("ENVIADO"), OutboxRecord.sent_at.set(at),
                               OutboxRecord.attempts.add(1), OutboxRecord.text.remove(), OutboxRecord.due.remove(),
                               OutboxRecord.expires_at.set(expires_at)])

    def mark_attempt_failed(self, record: OutboxRecord, error: str, next_attempt_at: int | None,
                            expires_at: int) -> None:
        """Another attempt at `next_attempt_at`, or (None) given up: FALLIDO, body dropped."""
        actions = [OutboxRecord.attempts.add(1), OutboxRecord.last_error.set(error),
                   OutboxRecord.expires_at.set(expires_at)]
        if next_attempt_at is None:
            actions += [OutboxRecord.state.set("FALLIDO"), OutboxRecord.text.remove(), OutboxRecord.due.remove()]
        else:
            actions.append(OutboxRecord.next_attempt_at.set(next_attempt_at))
        record.update(actions=actions)

    def due(self, now: int, limit: int) -> list[OutboxRecord]:
        return list(OutboxRecord.by_due.query(PENDING, OutboxRecord.next_attempt_at <= now, limit=limit))



class Outbox:
    def __init__(self, repository: OutboxRepository, sender: Mailer, clock: Callable[[], int] = clock.epoch_seconds,
                 now: Callable[[], datetime] = clock.utcnow):
        self._repository = repository
        self._sender = sender
        self._clock = clock
        self._now = now

    def message(self, email: Email) -> OutboxRecord:
        """A message to write in the caller's own transaction, then `deliver`."""
        epoch = self._clock()
        return OutboxRecord(uuid.uuid4().hex, to=email.to, subject=email.subject, text=email.text, state=PENDING,
                            due=PENDING, next_attempt_at=epoch, attempts=0, created_at=self._now(),
                            expires_at=epoch + KEEP_SECONDS)

    def send(self, email: Email) -> None:
        """Mailer port: record, then hand over; never raises for SES."""
        record = self.message(email)
        self._repository.add(record)
        self.deliver([record])

    def deliver(self, records: Iterable[OutboxRecord]) -> int:
        """Hand each message to SES; a failure is recorded with its next attempt. Returns how many went."""
        sent = 0
        for record in records:
            epoch = self._clock()
            try:
                self._sender.send(Email(to=record.to, subject=record.subject, text=record.text))
            except (ClientError, BotoCoreError) as exc:
                error = exc.response["Error"]["Code"] if isinstance(exc, ClientError) else type(exc).__name__
                attempts = int(record.attempts or 0) + 1
                retry_at = epoch + FIRST_RETRY_SECONDS * 2 ** (attempts - 1) if attempts < MAX_ATTEMPTS else None
                self._repository.mark_attempt_failed(record, error, retry_at, epoch + KEEP_SECONDS)
                metrics.add_metric(name="EmailSendFailed" if retry_at else "EmailGivenUp", unit=MetricUnit.Count,
                                   value=1)
                logger.warning("email not sent", extra={"message_id": record.message_id, "error": error,
                                                        "attempt": attempts})
                continue
            self._repository.mark_sent(record, self._now(), epoch + KEEP_SECONDS)
            sent += 1
        return sent

    def retry_due(self, limit: int = 100) -> int:
        """The scheduled retry: messages whose next attempt is due."""
        return self.deliver(self._repository.due(self._clock(), limit))
