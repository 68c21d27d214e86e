"""Failed-login throttling.

Policy (docs/security.md): failures are counted per (identity, client IP). From the 5th consecutive
failure that pair must wait 30 s, doubling on each further failure up to 15 min; a success resets it.
Each client IP is also limited to 100 failures per 15 min whatever identities it tries. Because the
identity counter is tied to the attacker's own IP, nobody can lock a user out of their own network
at will; an unknown identity is throttled exactly like a known one, so throttling reveals nothing.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from pynamodb.exceptions import DoesNotExist

from chalicelib.accounts.models import LoginAttemptRecord

FREE_FAILURES = 5
FIRST_DELAY_SECONDS = 30
MAX_DELAY_SECONDS = 15 * 60
IP_WINDOW_SECONDS = 15 * 60
IP_MAX_FAILURES = 100
RECORD_TTL_SECONDS = 24 * 3600


@dataclass(frozen=True, slots=True)
class ThrottleKeys:
    pair: str
    ip: str  # one key per fixed 15-minute window


def keys_for(secret: bytes, identity: str, client_ip: str, now: int) -> ThrottleKeys:
    # Keyed hashes: the table never holds a document number or an IP in clear.
    def digest(value: str) -> str:
        return hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()[:40]

    window = now // IP_WINDOW_SECONDS
    return ThrottleKeys(pair=f"pair#{digest(identity + '|' + client_ip)}", ip=f"ip#{digest(client_ip)}#{window}")


def _get(key: str) -> LoginAttemptRecord | None:
    try:
        return LoginAttemptRecord.get(key)
    except DoesNotExist:
        return None


def seconds_to_wait(keys: ThrottleKeys, now: int) -> int:
    waits = [0]
    pair = _get(keys.pair)
    if pair is not None and pair.blocked_until > now:
        waits.append(int(pair.blocked_until - now))
    ip = _get(keys.ip)
    if ip is not None and ip.failures >= IP_MAX_FAILURES:
        waits.append(IP_WINDOW_SECONDS - now % IP_WINDOW_SECONDS)
    return max(waits)


def delay_after(failures: int) -> int:
    if failures < FREE_FAILURES:
        return 0
    return min(FIRST_DELAY_SECONDS * 2 ** (failures - FREE_FAILURES), MAX_DELAY_SECONDS)


def _count(key: str, now: int) -> int:
    record = LoginAttemptRecord(key)
    record.update(actions=[
        LoginAttemptRecord.failures.add(1),
        LoginAttemptRecord.expires_at.set(now + RECORD_TTL_SECONDS),
    ])
    return int(record.failures)


def record_failure(keys: ThrottleKeys, now: int) -> None:
    """Atomic counters (UpdateItem ADD): concurrent failures are all counted."""
    failures = _count(keys.pair, now)
    delay = delay_after(failures)
    if delay:
        LoginAttemptRecord(keys.pair).update(actions=[LoginAttemptRecord.blocked_until.set(now + delay)])
    _count(keys.ip, now)


def record_success(keys: ThrottleKeys) -> None:
    LoginAttemptRecord(keys.pair).delete()


def within_limit(secret: bytes, scope: str, value: str, *, limit: int, window_seconds: int, now: int) -> bool:
    """Count one use of `scope` by `value` in a fixed window; False once the window's limit is passed."""
    digest = hmac.new(secret, f"{scope}|{value}".encode(), hashlib.sha256).hexdigest()[:40]
    return _count(f"{scope}#{digest}#{now // window_seconds}", now) <= limit
