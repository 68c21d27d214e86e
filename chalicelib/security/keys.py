"""The token signing key, read from Secrets Manager and read again every `REFRESH_SECONDS`.

A warm container keeps its key only that long, so rotating the secret (docs/runbook.md) reaches every
container within minutes without a redeploy: tokens signed with the old key stop verifying, and new ones
are signed with the new key.
"""

from __future__ import annotations

import threading

from chalicelib.common import clock
from chalicelib.common.aws import client
from chalicelib.config import get_settings

REFRESH_SECONDS = 300


class RefreshingKey:
    """The current secret value, re-read when older than `refresh_seconds` (by the one clock)."""

    def __init__(self, refresh_seconds: int):
        self._refresh_seconds = refresh_seconds
        self._lock = threading.Lock()
        self._value: bytes | None = None
        self._read_at = 0

    def __call__(self) -> bytes:
        now = clock.epoch_seconds()
        with self._lock:
            if self._value is None or not 0 <= now - self._read_at < self._refresh_seconds:
                secret = client("secretsmanager").get_secret_value(SecretId=get_settings().token_key_secret)
                self._value, self._read_at = secret["SecretString"].encode(), now
            return self._value

    def cache_clear(self) -> None:
        with self._lock:
            self._value = None


signing_key = RefreshingKey(REFRESH_SECONDS)
