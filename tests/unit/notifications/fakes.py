"""In-memory stand-ins of what the outbox is handed: its repository (same state changes as
chalicelib/notifications/repository.py), an SES that can be down, and a metrics sink."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from botocore.exceptions import ClientError

from chalicelib.notifications.models import FAILED, PENDING, SENT
from chalicelib.notifications.repository import OutboxMessage


class FakeOutboxRepository:
    def __init__(self):
        self.messages: dict[str, OutboxMessage] = {}

    def add(self, message: OutboxMessage) -> None:
        assert message.message_id not in self.messages  # the repository's conditional put
        self.messages[message.message_id] = message

    def _update(self, message: OutboxMessage, **values) -> None:
        stored = self.messages[message.message_id]
        self.messages[message.message_id] = replace(stored, attempts=stored.attempts + 1, **values)

    def mark_sent(self, message: OutboxMessage, at: datetime, expires_at: int) -> None:
        self._update(message, state=SENT, sent_at=at, text=None, due=None, expires_at=expires_at)

    def mark_attempt_failed(self, message: OutboxMessage, error: str, next_attempt_at: int | None,
                            expires_at: int) -> None:
        if next_attempt_at is None:
            self._update(message, last_error=error, expires_at=expires_at, state=FAILED, text=None, due=None)
        else:
            self._update(message, last_error=error, expires_at=expires_at, next_attempt_at=next_attempt_at)

    def due(self, now: int, limit: int) -> list[OutboxMessage]:
        waiting = sorted((m for m in self.messages.values() if m.due == PENDING and m.next_attempt_at <= now),
                         key=lambda m: m.next_attempt_at)
        return waiting[:limit]

    def only(self) -> OutboxMessage:
        (message,) = self.messages.values()
        return message


class Ses:
    """SES as the outbox's sender: accepts every email, or refuses each with `error` while it is down."""

    def __init__(self):
        self.sent = []
        self.error: str | None = None

    def send(self, email) -> None:
        if self.error:
            raise ClientError({"Error": {"Code": self.error, "Message": "refused"}}, "SendEmail")
        self.sent.append(email)


class FakeMetrics:
    def __init__(self):
        self.added: list[tuple[str, float]] = []

    def add_metric(self, *, name: str, unit, value: float) -> None:
        self.added.append((name, value))

    def names(self) -> list[str]:
        return [name for name, _ in self.added]
