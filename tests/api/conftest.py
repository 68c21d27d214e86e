from __future__ import annotations

import pytest
from chalice.test import Client

from app import app


@pytest.fixture
def client(aws):
    with Client(app) as test_client:
        yield test_client


@pytest.fixture
def mailbox(aws):
    """The emails SES accepted in this test, oldest first."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    from devstack import lambdas

    def read():
        lambdas.drain()  # asynchronous invocations (password recovery) have finished sending
        return list(ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages)

    return read
