"""Issue 20, item 7, through the handlers: behind CloudFront every viewer has its own address for the login
throttle and the audit trail; a typed address header without the origin secret changes nothing."""

from __future__ import annotations

import pytest

from chalicelib.accounts import throttling
from chalicelib.common.aws import client as aws_client
from chalicelib.config import get_settings
from tests import factories
from tests.api.client import call

LOGIN = {"tipo_documento": "CC", "numero_documento": "1032456789", "contrasena": factories.PASSWORD}
WRONG = {**LOGIN, "contrasena": "Mala2024clave"}


@pytest.fixture
def admin(aws):
    person = factories.person()
    factories.membership(person, factories.provider())
    return person


@pytest.fixture
def through_cloudfront(aws):
    """The headers CloudFront adds for a viewer at `address` (x-origin-verify from the origin, x-viewer-ip
    from the viewer-request function)."""
    secret = aws_client("secretsmanager").get_secret_value(SecretId=get_settings().origin_secrets[0])["SecretString"]
    return lambda address: {"x-origin-verify": secret, "x-viewer-ip": address}


def test_viewers_behind_one_edge_are_throttled_and_audited_each_on_its_own_address(client, admin,
                                                                                    through_cloudfront):
    for _ in range(throttling.FREE_FAILURES):
        assert call(client, "POST", "/sesion", WRONG, headers=through_cloudfront("198.51.100.7"))[0] == 401
    assert call(client, "POST", "/sesion", LOGIN, headers=through_cloudfront("198.51.100.7"))[0] == 429
    # the owner, at another address, reaches the API through the same edge servers: not the guesser's wait
    status, session = call(client, "POST", "/sesion", LOGIN, headers=through_cloudfront("190.24.8.77"))
    assert status == 200
    status, page = call(client, "GET", "/cuenta/auditoria", token=session["token"])
    assert status == 200
    assert [e["ip"] for e in page["eventos"]] == ["190.24.8.77"]  # the login, from the viewer, not the edge


def test_a_typed_viewer_address_buys_no_fresh_allowance(client, admin):
    for n in range(throttling.FREE_FAILURES):
        spoofed = {"x-viewer-ip": f"203.0.113.{n}", "x-origin-verify": "adivinado"}
        assert call(client, "POST", "/sesion", WRONG, headers=spoofed)[0] == 401
    assert call(client, "POST", "/sesion", LOGIN, headers={"x-viewer-ip": "203.0.113.99"})[0] == 429
