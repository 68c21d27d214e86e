"""HTTP for the gateway adapter, standard library only (urllib): JSON GETs with a bounded retry.

Retries follow the "exponential backoff and full jitter" rule (AWS Architecture Blog; what botocore's standard
mode does): only idempotent reads, only on a network error, 429 or 5xx, at most `attempts` tries, each wait a
random time up to base × 2^n capped, a server's Retry-After honoured within the cap. A 4xx other than 429 is the
answer, not a failure to retry."""

from __future__ import annotations

import json
import random
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class HttpAnswer:
    status: int
    body: Any  # the parsed JSON (None when empty or not JSON)
    headers: dict[str, str]


class GatewayUnavailable(Exception):
    """The gateway did not answer after every retry (the sweeper tries the payment again on its next run)."""


class HttpTransport(Protocol):
    def get_json(self, url: str, headers: dict[str, str]) -> HttpAnswer: ...


def _parsed(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None


class UrllibTransport:
    def __init__(self, *, timeout_seconds: float = 5.0, attempts: int = 3, base_seconds: float = 0.2,
                 cap_seconds: float = 2.0, sleep: Callable[[float], None] = time.sleep,
                 jitter: Callable[[float], float] = lambda top: random.uniform(0, top),
                 opener: Callable[..., Any] = urllib.request.urlopen):
        self._timeout = timeout_seconds
        self._attempts = attempts
        self._base = base_seconds
        self._cap = cap_seconds
        self._sleep = sleep
        self._jitter = jitter
        self._open = opener

    def get_json(self, url: str, headers: dict[str, str]) -> HttpAnswer:
        if not url.startswith("https://"):
            raise ValueError("the gateway is reached over HTTPS only")
        request = urllib.request.Request(url, headers={"Accept": "application/json", **headers},  # noqa: S310
                                         method="GET")
        for attempt in range(self._attempts):
            retry_after = None
            try:
                with self._open(request, timeout=self._timeout) as response:  # noqa: S310 (https only, checked above)
                    return HttpAnswer(response.status, _parsed(response.read()), dict(response.headers))
            except urllib.error.HTTPError as error:
                if error.code not in RETRIED_STATUSES:
                    return HttpAnswer(error.code, _parsed(error.read()), dict(error.headers or {}))
                retry_after = _seconds(error.headers.get("Retry-After") if error.headers else None)
            except (urllib.error.URLError, TimeoutError, ConnectionError):
                pass
            if attempt + 1 < self._attempts:
                self._sleep(min(self._cap, retry_after if retry_after is not None
                                else self._jitter(min(self._cap, self._base * 2 ** attempt))))
        raise GatewayUnavailable(f"no answer after {self._attempts} attempts")


def _seconds(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None
