"""The token signing key, read from Secrets Manager through Powertools' parameters with a bounded cache:
a warm container re-reads it at most KEY_MAX_AGE_SECONDS after a rotation (docs/security.md, "Sessions")."""

from __future__ import annotations

import hashlib
import hmac
from functools import cache

from aws_lambda_powertools.utilities.parameters import SecretsProvider

from chalicelib.common.aws import client
from chalicelib.config import get_settings

KEY_MAX_AGE_SECONDS = 300


@cache
def _secrets() -> SecretsProvider:
    return SecretsProvider(boto3_client=client("secretsmanager"))


def secret(name: str) -> bytes:
    """A secret's current value, re-read at most KEY_MAX_AGE_SECONDS after it changes."""
    value = _secrets().get(name, max_age=KEY_MAX_AGE_SECONDS)
    return value.encode() if isinstance(value, str) else value


def signing_key() -> bytes:
    return secret(get_settings().token_key_secret)


def derived_key(purpose: bytes) -> bytes:
    """A key for one purpose, derived from the signing key (never equal to it, nor to another purpose's)."""
    return hmac.new(signing_key(), purpose, hashlib.sha256).digest()


def forget() -> None:
    """Drop the provider and its cache (tests and the local stack switch AWS backends)."""
    _secrets.cache_clear()
