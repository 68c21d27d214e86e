"""The adapter's HTTP: retried only on a network error, 429 or 5xx, a bounded number of times, with backoff and
jitter (or the server's Retry-After); another 4xx is the answer; plain HTTP refused."""

from __future__ import annotations

import io
import urllib.error

import pytest

from chalicelib.online_payments.transport import GatewayUnavailable, UrllibTransport

URL = "https://sandbox.wompi.co/v1/transactions/1"


class Answer(io.BytesIO):
    status = 200
    headers = {"Content-Type": "application/json"}


def failing(code: int, retry_after: str | None = None) -> urllib.error.HTTPError:
    headers = {"Retry-After": retry_after} if retry_after else {}
    return urllib.error.HTTPError(URL, code, "error", headers, io.BytesIO(b'{"error": {}}'))  # type: ignore[arg-type]


class Opener:
    def __init__(self, *outcomes):
        self.outcomes = list(outcomes)
        self.calls = 0

    def __call__(self, request, timeout):
        self.calls += 1
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


def transport(opener: Opener, waits: list[float]) -> UrllibTransport:
    return UrllibTransport(attempts=3, base_seconds=0.2, cap_seconds=2.0, sleep=waits.append,
                           jitter=lambda top: top, opener=opener)


def test_a_5xx_then_an_answer_is_retried_with_growing_waits():
    waits: list[float] = []
    opener = Opener(failing(503), urllib.error.URLError("reset"), Answer(b'{"data": {"id": "1"}}'))
    answer = transport(opener, waits).get_json(URL, {})
    assert answer.status == 200 and answer.body == {"data": {"id": "1"}}
    assert opener.calls == 3 and waits == [0.2, 0.4]


def test_retry_after_is_honoured_within_the_cap():
    waits: list[float] = []
    opener = Opener(failing(429, "1.5"), failing(429, "60"), Answer(b"{}"))
    transport(opener, waits).get_json(URL, {})
    assert waits == [1.5, 2.0]


def test_a_4xx_is_the_answer_not_retried():
    waits: list[float] = []
    opener = Opener(failing(404))
    answer = transport(opener, waits).get_json(URL, {})
    assert answer.status == 404 and opener.calls == 1 and waits == []


def test_gives_up_after_the_attempts():
    waits: list[float] = []
    opener = Opener(failing(500), failing(502), failing(504))
    with pytest.raises(GatewayUnavailable):
        transport(opener, waits).get_json(URL, {})
    assert opener.calls == 3 and len(waits) == 2


def test_plain_http_is_refused():
    with pytest.raises(ValueError):
        transport(Opener(), []).get_json("http://sandbox.wompi.co/v1/transactions/1", {})
