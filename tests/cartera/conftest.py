from __future__ import annotations

import pytest
import requests
from chalice.test import Client

from app import app
from tests import factories
from tests.api.client import call


@pytest.fixture
def client(aws):
    with Client(app) as test_client:
        yield test_client


@pytest.fixture
def mailbox(aws):
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    return lambda: list(ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages)


def login(client, doc: str) -> str:
    status, session = call(client, "POST", "/sesion", {"tipo_documento": "CC", "numero_documento": doc,
                                                        "contrasena": factories.PASSWORD})
    assert status == 200, session
    return session["token"]


@pytest.fixture
def users(aws):
    provider = factories.provider()
    other = factories.provider("800987654", "IPS Otra S.A.S.")
    factories.membership(factories.person("1000000001"), provider)
    factories.membership(factories.person("79000001"), provider, role="DELEGADO", menus={"CARTERA"})
    factories.membership(factories.person("79000002"), provider, role="DELEGADO", menus={"PAGOS"})
    factories.membership(factories.person("1000000009"), other)
    return {"admin": "1000000001", "delegate": "79000001", "no_menu": "79000002", "other": "1000000009"}


def register(client, token: str, filename: str = "cartera.xlsx"):
    return call(client, "POST", "/cartera/solicitudes", {"archivo": filename}, token)


def post_file(form: dict, body: bytes, filename: str = "cartera.xlsx") -> int:
    """The browser's upload: multipart POST of the form's fields, then the file."""
    answer = requests.post(form["url"], data=form["campos"], files={"file": (filename, body)}, timeout=30)
    return answer.status_code
