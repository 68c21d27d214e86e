"""docs/runbook.md "Rotate the token signing key": a warm container picks the new key up without a redeploy."""

from __future__ import annotations

import boto3
import pytest

from chalicelib.common import clock
from chalicelib.config import get_settings
from chalicelib.security import keys
from tests import factories
from tests.api.client import call, login


@pytest.fixture
def admin(aws):
    provider = factories.provider()
    person = factories.person()
    factories.membership(person, provider)
    return person


def _rotate() -> None:
    """What the runbook's command does: a new AWSCURRENT value of the secret."""
    settings = get_settings()
    boto3.client("secretsmanager", region_name=settings.region).put_secret_value(
        SecretId=settings.token_key_secret, SecretString="k" * 64)


def test_rotation_reaches_a_warm_container_within_the_refresh_interval(client, admin, monkeypatch):
    # The one clock starts an interval back, so every token stays valid for PyJWT's own (real-time) checks.
    now = [clock.epoch_seconds() - keys.REFRESH_SECONDS]
    monkeypatch.setattr(clock, "epoch_seconds", lambda: now[0])
    old = login(client, "1032456789")
    assert call(client, "GET", "/sesion", token=old)[0] == 200

    _rotate()
    now[0] += keys.REFRESH_SECONDS - 1  # still inside the interval: the container keeps the key it read
    assert call(client, "GET", "/sesion", token=old)[0] == 200

    now[0] += 1
    status, body = call(client, "GET", "/sesion", token=old)
    assert (status, body["code"]) == (401, "SESSION_INVALID")
    new = login(client, "1032456789")  # signed with the new key by the same warm services
    assert call(client, "GET", "/sesion", token=new)[0] == 200
    assert keys.signing_key() == b"k" * 64
