"""Emails leave through the outbox: an SES failure never answers 500 after the user was created; the message
was written with the new user and is handed over again by the scheduled retry."""

from __future__ import annotations

import re

import pytest
from botocore.exceptions import ClientError

from chalicelib import wiring
from chalicelib.common import clock
from chalicelib.entrypoints import notifications as handlers
from chalicelib.notifications.models import OutboxRecord
from chalicelib.notifications.outbox import FIRST_RETRY_SECONDS, MAX_ATTEMPTS
from tests import factories
from tests.api.client import call, login
from tests.api.test_users import DELEGATE


@pytest.fixture
def admin_token(client):
    provider = factories.provider()
    factories.membership(factories.person("1000000001"), provider)
    return login(client, "1000000001")


@pytest.fixture
def ses_down(monkeypatch):
    """SES refuses every message until the test calls the returned function."""
    sender = wiring.outbox()._sender
    real = sender.send

    def refuse(email):
        raise ClientError({"Error": {"Code": "Throttling", "Message": "Maximum sending rate exceeded"}}, "SendEmail")

    monkeypatch.setattr(sender, "send", refuse)
    return lambda: monkeypatch.setattr(sender, "send", real)


def test_an_ses_failure_does_not_fail_the_user_creation(client, admin_token, ses_down, mailbox, clock_at):
    status, body = call(client, "POST", "/usuarios", DELEGATE, token=admin_token)
    assert status == 201, body
    [queued] = [m for m in OutboxRecord.scan() if m.to == "jorge.perez@clinica.example.co"]
    assert (queued.state, int(queued.attempts), queued.last_error) == ("PENDIENTE", 1, "Throttling")
    assert not mailbox()
    assert handlers.retry_emails() == 0  # not due yet: the first retry waits a minute
    clock_at(clock.epoch_seconds() + FIRST_RETRY_SECONDS)
    ses_down()  # SES is back
    assert handlers.retry_emails() == 1
    [sent] = mailbox()
    assert sent.destinations["ToAddresses"] == ["jorge.perez@clinica.example.co"]
    assert re.search(r"Contraseña: (\S+)", sent.body)
    queued.refresh()
    assert (queued.state, queued.text) == ("ENVIADO", None)  # the body (a password) is not kept


def test_a_message_is_given_up_after_the_last_attempt(client, admin_token, ses_down, clock_at):
    assert call(client, "POST", "/usuarios", DELEGATE, token=admin_token)[0] == 201
    start = clock.epoch_seconds()
    for attempt in range(1, MAX_ATTEMPTS):
        clock_at(start + FIRST_RETRY_SECONDS * 2 ** attempt)
        handlers.retry_emails()
    [queued] = list(OutboxRecord.scan())
    assert (queued.state, int(queued.attempts), queued.text, queued.due) == ("FALLIDO", MAX_ATTEMPTS, None, None)
    assert handlers.retry_emails() == 0
