from __future__ import annotations

import email
import email.policy
from datetime import datetime

import pytest
import requests
from chalice.test import Client

from app import app
from chalicelib import wiring
from chalicelib.common.clock import BOGOTA
from tests import factories
from tests.api.client import call, login
from tests.glosas.data import OTHER_NIT, extract, ingest, row

WITHIN_TERM = datetime(2024, 3, 12, 10, 0, tzinfo=BOGOTA)  # 5 business days after the 5 March notification


@pytest.fixture
def client(aws):
    with Client(app) as test_client:
        yield test_client


@pytest.fixture
def clock(aws):
    """The loads' clock (requests, deadlines, leases), moved by the tests (the aws fixture's wiring.reset() puts
    the real one back)."""
    now = {"value": WITHIN_TERM}
    wiring.use_clock(lambda: now["value"])
    return now


@pytest.fixture
def tokens(client, clock):
    provider = factories.provider()
    other = factories.provider("800987654", "IPS Otra S.A.S.")
    factories.membership(factories.person("1000000001"), provider)
    factories.membership(factories.person("79000001"), provider, role="DELEGADO", menus={"GLOSAS"})
    factories.membership(factories.person("79000002"), provider, role="DELEGADO", menus={"PAGOS"})
    factories.membership(factories.person("1000000009"), other)
    result = ingest(extract(
        row(detail="1"), row(detail="2", glosa="22900"),  # invoice FE100: two lines
        row(sufijo="101", detail="1", glosa="5000", note="ND2"),  # invoice FE101: one line
        row(conciliation="50002", notified="2024-01-10", sufijo="102"),  # notified long ago: answers are late
        row(nit=OTHER_NIT, conciliation="50001", sufijo="900")))  # another provider's
    assert result.rejected == [], result.rejected
    return {name: login(client, doc) for name, doc in (("admin", "1000000001"), ("delegate", "79000001"),
                                                          ("no_menu", "79000002"), ("other", "1000000009"))}


@pytest.fixture
def mailbox(aws):
    """Emails SES accepted, oldest first, parsed (raw ones carry attachments)."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    def read():
        messages = []
        for sent in ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages:
            if hasattr(sent, "raw_data"):
                messages.append(email.message_from_string(sent.raw_data, policy=email.policy.default))
            else:
                message = email.message.EmailMessage()
                message["Subject"] = sent.subject
                message.set_content(sent.body)
                messages.append(message)
        return messages

    return read


def register(client, token: str, filename: str = "NI-900123456-20240312.xlsx"):
    return call(client, "POST", "/glosas/cargas", {"archivo": filename}, token)


def post_file(form: dict, body: bytes, filename: str) -> int:
    answer = requests.post(form["url"], data=form["campos"], files={"file": (filename, body)}, timeout=30)
    return answer.status_code
