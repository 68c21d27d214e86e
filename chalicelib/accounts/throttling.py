"""Failed-login throttling and rate limits.

Policy (docs/security.md, "Login throttling"):
- A browser without a device cookie of the identity (unknown device) is counted per (identity, client IP):
  from the 5th consecutive failure that pair waits 30 s, doubling on each further failure up to 15 min; and
  each client IP may fail 100 times per 15-minute window whatever identities it tries.
- A browser that logged in as that identity before presents its device cookie and is counted on its own
  (OWASP "device cookies"): same ladder, untouched by strangers' failures behind the same IP.
- A correct password never skips a wait (the 429 would become an oracle); a success resets only the
  counter it was judged on. An unknown identity is throttled exactly like a known one.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass

from chalicelib.accounts.repository import ThrottleCounters
from chalicelib.common.errors import TooManyRequests

FREE_FAILURES = 5
FIRST_DELAY_SECONDS = 30
MAX_DELAY_SECONDS = 15 * 60
IP_WINDOW_SECONDS = 15 * 60
IP_MAX_FAILURES = 100
RECORD_TTL_SECONDS = 24 * 3600
RECOVERY_PER_IDENTITY_PER_HOUR = 3
RECOVERY_PER_IP_PER_HOUR = 20


@dataclass(frozen=True, slots=True)
class ThrottleKeys:
    """The counters one attempt is judged on: a ladder counter, and an IP window counter unless None."""

    ladder: str
    ip: str | None = None


def delay_after(failures: int) -> int:
    if failures < FREE_FAILURES:
        return 0
    return min(FIRST_DELAY_SECONDS * 2 ** (failures - FREE_FAILURES), MAX_DELAY_SECONDS)


class Throttle:
    def __init__(self, counters: ThrottleCounters, secret: Callable[[], bytes]):
        self._counters = counters
        self._secret = secret  # asked on each use: it follows a key rotation

    def _digest(self, value: str) -> str:
        # Keyed hashes: the table never holds a document number or an IP in clear.
        return hmac.new(self._secret(), value.encode(), hashlib.sha256).hexdigest()[:40]

    def unknown_device(self, identity: str, client_ip: str, now: int) -> ThrottleKeys:
        window = now // IP_WINDOW_SECONDS
        return ThrottleKeys(ladder=f"pair#{self._digest(identity + '|' + client_ip)}",
                            ip=f"ip#{self._digest(client_ip)}#{window}")

    def known_device(self, identity: str, device_id: str) -> ThrottleKeys:
        return ThrottleKeys(ladder=f"dev#{self._digest(identity + '|' + device_id)}")

    def password_change(self, identity: str) -> ThrottleKeys:
        """Only the session's owner can fail a password change: counted per person, never per IP."""
        return ThrottleKeys(ladder=f"pwd#{self._digest(identity)}")

    def seconds_to_wait(self, keys: ThrottleKeys, now: int) -> int:
        waits = [0]
        ladder = self._counters.get(keys.ladder)
        if ladder is not None and ladder.blocked_until > now:
            waits.append(ladder.blocked_until - now)
        if keys.ip is not None:
            ip = self._counters.get(keys.ip)
            if ip is not None and ip.failures >= IP_MAX_FAILURES:
                waits.append(IP_WINDOW_SECONDS - now % IP_WINDOW_SECONDS)
        return max(waits)

    def record_failure(self, keys: ThrottleKeys, now: int) -> None:
        failures = self._counters.add(keys.ladder, now + RECORD_TTL_SECONDS)
        delay = delay_after(failures)
        if delay:
            self._counters.block(keys.ladder, now + delay)
        if keys.ip is not None:
            self._counters.add(keys.ip, now + RECORD_TTL_SECONDS)

    def record_success(self, keys: ThrottleKeys) -> None:
        self._counters.clear(keys.ladder)

    def within_limit(self, scope: str, value: str, *, limit: int, window_seconds: int, now: int) -> bool:
        """Count one use of `scope` by `value` in a fixed window; False once the window's limit is passed."""
        key = f"{scope}#{self._digest(scope + '|' + value)}#{now // window_seconds}"
        return self._counters.add(key, now + max(window_seconds, RECORD_TTL_SECONDS)) <= limit

    def limit_recovery(self, scope: str, identity: str, source_ip: str, now: int) -> None:
        """"Olvidé mi contraseña": a few per identity and per IP an hour, counted alike for unknown identities."""
        allowed = self.within_limit(f"{scope}-id", identity, limit=RECOVERY_PER_IDENTITY_PER_HOUR,
                                    window_seconds=3600, now=now)
        allowed &= self.within_limit(f"{scope}-ip", source_ip, limit=RECOVERY_PER_IP_PER_HOUR,
                                     window_seconds=3600, now=now)
        if not allowed:
            raise TooManyRequests("Ya se enviaron varias solicitudes. Intente de nuevo en una hora",
                                  retry_after_seconds=3600 - now % 3600, code="RECOVERY_THROTTLED")

    # Strikes: a few failures of one kind, then `value` is blocked for a fixed time (affiliates' identity
    # questions: the third wrong answer blocks the document 24 hours).
    def strike(self, scope: str, value: str, *, limit: int, block_seconds: int, now: int) -> int:
        """Count one failure; the `limit`-th blocks `value` until now + block_seconds. Returns the count."""
        key = self._strike_key(scope, value)
        current = self._counters.get(key)
        if current is not None and 0 < current.blocked_until <= now:
            self._counters.clear(key)  # a block that ended starts the count again
        failures = self._counters.add(key, now + block_seconds + RECORD_TTL_SECONDS)
        if failures >= limit:
            self._counters.block(key, now + block_seconds)
        return failures

    def blocked_for(self, scope: str, value: str, now: int) -> int:
        """Seconds `value` is still blocked in `scope` (0: not blocked)."""
        current = self._counters.get(self._strike_key(scope, value))
        return max(0, current.blocked_until - now) if current is not None else 0

    def clear_strikes(self, scope: str, value: str) -> None:
        self._counters.clear(self._strike_key(scope, value))

    def _strike_key(self, scope: str, value: str) -> str:
        return f"{scope}#{self._digest(scope + '|' + value)}"

    # One-time codes (e.g. the unlock link): stored as a keyed hash, so the table cannot give them back.
    def put_code(self, scope: str, code: str, subject: str, expires_at: int) -> None:
        self._counters.put_code(f"{scope}#{self._digest(code)}", subject, expires_at)

    def take_code(self, scope: str, code: str, now: int) -> str | None:
        return self._counters.take_code(f"{scope}#{self._digest(code)}", now)
