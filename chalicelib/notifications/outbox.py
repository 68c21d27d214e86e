"""Emails leave through the outbox: recorded first (with the state change that causes them, when the caller
writes them in its own transaction), then handed to SES; a failed hand-over is retried apart, so an SES
outage never turns a finished action into a 500. `Outbox` is also a `Mailer` (send = record + deliver)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import datetime

from aws_lambda_powertools import Metrics
from aws_lambda_powertools.metrics import MetricUnit
from botocore.exceptions import BotoCoreError, ClientError

from chalicelib.common import clock, observability
from chalicelib.common.observability import logger
from chalicelib.notifications.mailer import Email, Mailer
from chalicelib.notifications.repository import PENDING, OutboxMessage, OutboxRepository

MAX_ATTEMPTS = 6  # 1 + retries after 1, 2, 4, 8 and 16 minutes
FIRST_RETRY_SECONDS = 60
KEEP_SECONDS = 7 * 24 * 3600  # what was sent or given up stays visible a week (without its body)


class Outbox:
    def __init__(self, repository: OutboxRepository, sender: Mailer, clock: Callable[[], int] = clock.epoch_seconds,
                 now: Callable[[], datetime] = clock.utcnow, *, metrics: Metrics = observability.metrics,
                 new_id: Callable[[], str] = lambda: uuid.uuid4().hex):
        self._repository = repository
        self._sender = sender
        self._clock = clock
        self._now = now
        self._metrics = metrics
        self._new_id = new_id

    def message(self, email: Email) -> OutboxMessage:
        """A message to write in the caller's own transaction, then `deliver`."""
        epoch = self._clock()
        return OutboxMessage(message_id=self._new_id(), to=email.to, subject=email.subject, text=email.text,
                             state=PENDING, due=PENDING, next_attempt_at=epoch, attempts=0, last_error=None,
                             created_at=self._now(), sent_at=None, expires_at=epoch + KEEP_SECONDS)

    def send(self, email: Email) -> None:
        """Mailer port: record, then hand over; never raises for SES."""
        message = self.message(email)
        self._repository.add(message)
        self.deliver([message])

    def deliver(self, messages: Iterable[OutboxMessage]) -> int:
        """Hand each message to SES; a failure is recorded with its next attempt. Returns how many went."""
        sent = 0
        for message in messages:
            epoch = self._clock()
            try:
                self._sender.send(Email(to=message.to, subject=message.subject, text=message.text))
            except (ClientError, BotoCoreError) as exc:
                error = exc.response["Error"]["Code"] if isinstance(exc, ClientError) else type(exc).__name__
                attempts = int(message.attempts or 0) + 1
                retry_at = epoch + FIRST_RETRY_SECONDS * 2 ** (attempts - 1) if attempts < MAX_ATTEMPTS else None
                self._repository.mark_attempt_failed(message, error, retry_at, epoch + KEEP_SECONDS)
                self._metrics.add_metric(name="EmailSendFailed" if retry_at else "EmailGivenUp",
                                         unit=MetricUnit.Count, value=1)
                logger.warning("email not sent", extra={"message_id": message.message_id, "error": error,
                                                        "attempt": attempts})
                continue
            self._repository.mark_sent(message, self._now(), epoch + KEEP_SECONDS)
            sent += 1
        return sent

    def retry_due(self, limit: int = 100) -> int:
        """The scheduled retry: messages whose next attempt is due."""
        return self.deliver(self._repository.due(self._clock(), limit))
