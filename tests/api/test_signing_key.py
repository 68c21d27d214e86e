"""The token signing key is read through Powertools parameters with max_age: a rotation reaches a warm
container once the cached value is older than KEY_MAX_AGE_SECONDS, and sessions signed before it end."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from chalicelib.common.aws import client as aws_client
from chalicelib.config import get_settings
from chalicelib.security import keys
from tests import factories
from tests.api.client import call, login


def age_cached_key(seconds: int) -> None:
    """Make the cached key as old as `seconds` (Powertools keeps an expiry per cached value)."""
    store = keys._secrets().store
    for name, cached in store.items():
        store[name] = type(cached)(cached.value, datetime.now() + timedelta(seconds=keys.KEY_MAX_AGE_SECONDS - seconds))


def test_a_rotated_key_reaches_a_warm_container_after_max_age(client, aws):
    factories.membership(factories.person(), factories.provider())
    token = login(client, "1032456789")
    aws_client("secretsmanager").put_secret_value(SecretId=get_settings().token_key_secret,
                                                  SecretString=secrets.token_urlsafe(48))
    age_cached_key(keys.KEY_MAX_AGE_SECONDS - 1)
    assert call(client, "GET", "/sesion", token=token)[0] == 200  # still within max_age: the old key
    age_cached_key(keys.KEY_MAX_AGE_SECONDS + 1)
    status, body = call(client, "GET", "/sesion", token=token)
    assert (status, body["code"]) == (401, "SESSION_INVALID")  # signed with the old key: the session ended
    fresh = login(client, "1032456789")
    assert call(client, "GET", "/sesion", token=fresh)[0] == 200
