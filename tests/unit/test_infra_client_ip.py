"""client_ip (chalicelib/api/http.py): the viewer address CloudFront stamps is believed only next to the
origin secret; a typed x-viewer-ip or X-Forwarded-For never picks the address (docs/security.md § Client
address). The secrets are the ones infra/resources.yml declares, provisioned on the embedded AWS."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from chalice.app import CaseInsensitiveMapping

from chalicelib.api.http import client_ip
from chalicelib.common.aws import client as aws_client
from chalicelib.config import get_settings

EDGE = "130.176.96.72"  # what API Gateway sees behind CloudFront: an edge server
VIEWER = "190.24.8.77"


def _request(headers: dict[str, str], source_ip: str | None = EDGE):
    identity = {"sourceIp": source_ip} if source_ip else {}
    return SimpleNamespace(headers=CaseInsensitiveMapping(headers), context={"identity": identity})


def _secret(index: int) -> str:
    """The value of ORIGIN_SECRET (0) or ORIGIN_SECRET_PREVIOUS (1) on the embedded AWS."""
    name = get_settings().origin_secrets[index]
    return aws_client("secretsmanager").get_secret_value(SecretId=name)["SecretString"]


@pytest.fixture
def current(aws) -> str:
    return _secret(0)


@pytest.fixture
def previous(aws) -> str:
    return _secret(1)


def test_without_the_distribution_the_connection_address_counts(aws):
    assert client_ip(_request({})) == EDGE
    assert client_ip(_request({}, source_ip=None)) == "0.0.0.0"  # noqa: S104


@pytest.mark.parametrize("spoof", [
    {"x-viewer-ip": "203.0.113.5"},
    {"X-Viewer-Ip": "203.0.113.5", "x-origin-verify": "adivinado"},
    {"x-viewer-ip": "203.0.113.5", "x-origin-verify": ""},
    {"x-forwarded-for": "203.0.113.5", "cloudfront-viewer-address": "203.0.113.5:443"},
])
def test_typed_address_headers_are_ignored_without_the_origin_secret(aws, spoof):
    assert client_ip(_request(spoof)) == EDGE


def test_a_wrong_secret_of_the_right_length_or_a_prefix_is_refused(current):
    assert client_ip(_request({"x-viewer-ip": VIEWER, "x-origin-verify": current[:-1] + "#"})) == EDGE
    assert client_ip(_request({"x-viewer-ip": VIEWER, "x-origin-verify": current[:20]})) == EDGE
    assert client_ip(_request({"x-viewer-ip": VIEWER, "x-origin-verify": current + current})) == EDGE


def test_through_the_distribution_the_viewer_address_counts(current, previous):
    assert client_ip(_request({"x-viewer-ip": VIEWER, "x-origin-verify": current})) == VIEWER
    assert client_ip(_request({"X-Viewer-IP": VIEWER, "X-Origin-Verify": current})) == VIEWER
    # while edges pick up a rotated secret, the one before it still comes from CloudFront
    assert client_ip(_request({"x-viewer-ip": VIEWER, "x-origin-verify": previous})) == VIEWER
    assert client_ip(_request({"x-viewer-ip": "2001:DB8::7", "x-origin-verify": current})) == "2001:db8::7"


@pytest.mark.parametrize("junk", ["", "evil", "190.24.8.77, 10.0.0.1", "190.24.8.77:443", "<script>", "999.1.1.1"])
def test_something_other_than_one_address_is_never_recorded(current, junk):
    assert client_ip(_request({"x-viewer-ip": junk, "x-origin-verify": current})) == EDGE


def test_x_forwarded_for_is_never_the_address_even_through_the_distribution(current):
    assert client_ip(_request({"x-forwarded-for": "203.0.113.5, 190.24.8.77", "x-origin-verify": current})) == EDGE


def test_a_rotated_secret_is_accepted_once_the_cache_lets_go(current):
    """The runbook's rotation: the old value moves to OriginSecretPrevious, a new one to OriginSecret; a
    container reading them afresh accepts both (edges still sending the old one keep working)."""
    from chalicelib.security import keys

    secrets = aws_client("secretsmanager")
    secrets.put_secret_value(SecretId=get_settings().origin_secrets[1], SecretString=current)
    secrets.put_secret_value(SecretId=get_settings().origin_secrets[0], SecretString="nuevo" * 12)
    keys.forget()  # a fresh container
    assert client_ip(_request({"x-viewer-ip": VIEWER, "x-origin-verify": "nuevo" * 12})) == VIEWER
    assert client_ip(_request({"x-viewer-ip": VIEWER, "x-origin-verify": current})) == VIEWER
