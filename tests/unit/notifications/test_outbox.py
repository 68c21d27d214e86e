"""The outbox on in-memory fakes (no moto): an email is recorded then handed to SES; an SES failure is recorded
with its next attempt and counted, never raised; the scheduled retry sends what is due and gives up after
MAX_ATTEMPTS, dropping the body."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chalicelib.notifications.mailer import Email
from chalicelib.notifications.outbox import FIRST_RETRY_SECONDS, KEEP_SECONDS, MAX_ATTEMPTS, Outbox
from tests.unit.notifications.fakes import FakeMetrics, FakeOutboxRepository, Ses

START = 1_800_000_000
WELCOME = Email(to="jorge.perez@clinica.example.co", subject="Respuesta solicitud de registro", text="Contraseña: x")


class Epoch:
    def __init__(self):
        self.value = START

    def __call__(self) -> int:
        return self.value


@pytest.fixture
def parts():
    return FakeOutboxRepository(), Ses(), FakeMetrics(), Epoch()


@pytest.fixture
def outbox(parts):
    repository, ses, metrics, epoch = parts
    return Outbox(repository, ses, epoch, lambda: datetime.fromtimestamp(epoch(), UTC), metrics=metrics,
                  new_id=lambda: "m1")


def test_an_email_sent_is_recorded_then_handed_over_without_its_body(outbox, parts):
    repository, ses, metrics, _ = parts
    outbox.send(WELCOME)
    assert ses.sent == [WELCOME]
    message = repository.only()
    assert (message.state, message.attempts, message.text, message.due) == ("ENVIADO", 1, None, None)
    assert message.sent_at == datetime.fromtimestamp(START, UTC)
    assert message.expires_at == START + KEEP_SECONDS
    assert metrics.added == []


def test_an_ses_failure_is_recorded_with_its_next_attempt_and_counted_never_raised(outbox, parts):
    repository, ses, metrics, _ = parts
    ses.error = "Throttling"
    outbox.send(WELCOME)
    message = repository.only()
    assert (message.state, message.attempts, message.last_error) == ("PENDIENTE", 1, "Throttling")
    assert message.text == WELCOME.text  # kept for the retry
    assert message.next_attempt_at == START + FIRST_RETRY_SECONDS
    assert metrics.names() == ["EmailSendFailed"]


def test_the_retry_sends_only_what_is_due(outbox, parts):
    repository, ses, _, epoch = parts
    ses.error = "Throttling"
    outbox.send(WELCOME)
    ses.error = None
    assert outbox.retry_due() == 0  # the first retry waits a minute
    epoch.value = START + FIRST_RETRY_SECONDS
    assert outbox.retry_due() == 1
    assert ses.sent == [WELCOME]
    assert (repository.only().state, repository.only().attempts) == ("ENVIADO", 2)
    assert outbox.retry_due() == 0  # sent: never again


def test_the_retry_gives_up_after_the_last_attempt_dropping_the_body(outbox, parts):
    repository, ses, metrics, epoch = parts
    ses.error = "MessageRejected"
    outbox.send(WELCOME)
    for attempt in range(1, MAX_ATTEMPTS):
        assert repository.only().next_attempt_at == START + FIRST_RETRY_SECONDS * (2 ** attempt - 1)
        epoch.value = repository.only().next_attempt_at
        assert outbox.retry_due() == 0
    message = repository.only()
    assert (message.state, message.attempts, message.text, message.due) == ("FALLIDO", MAX_ATTEMPTS, None, None)
    assert metrics.names() == ["EmailSendFailed"] * (MAX_ATTEMPTS - 1) + ["EmailGivenUp"]
    epoch.value += 10 * FIRST_RETRY_SECONDS * 2 ** MAX_ATTEMPTS
    assert outbox.retry_due() == 0 and ses.sent == []


def test_a_message_written_in_the_callers_transaction_is_delivered_as_given(outbox, parts):
    repository, ses, _, _ = parts
    message = outbox.message(WELCOME)
    assert (message.state, message.due, message.attempts, message.next_attempt_at) == ("PENDIENTE", "PENDIENTE", 0,
                                                                                        START)
    repository.add(message)  # what the caller's transaction writes
    assert outbox.deliver([message]) == 1
    assert ses.sent == [WELCOME] and repository.only().state == "ENVIADO"
