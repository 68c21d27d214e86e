"""The token signing key, read from Secrets Manager once per container."""

from __future__ import annotations

from functools import cache

from chalicelib.common.aws import client
from chalicelib.config import get_settings


@cache
def signing_key() -> bytes:
    secret = client("secretsmanager").get_secret_value(SecretId=get_settings().token_key_secret)
    return secret["SecretString"].encode()
