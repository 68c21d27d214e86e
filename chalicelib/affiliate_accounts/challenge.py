"""The self-hosted "No soy un robot" of the registration: a proof of work solved before any name is shown.

The portal asks for a challenge, finds a nonce such that sha256(challenge + nonce) starts with `bits` zero bits
(about 2**bits hashes: a moment for one person, a cost per try for whoever scripts the form) and sends both with
the document. A challenge is stored (keyed hash, with a TTL) when issued and taken when used: it serves once."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from chalicelib.accounts.throttling import Throttle
from chalicelib.common.errors import TooManyRequests

SCOPE = "afiliados-reto"
CHALLENGES_PER_IP_PER_HOUR = 60


@dataclass(frozen=True, slots=True)
class Challenge:
    challenge: str
    bits: int
    expires_in: int


def leading_zero_bits(digest: bytes) -> int:
    value = int.from_bytes(digest, "big")
    return len(digest) * 8 - value.bit_length()


def solves(challenge: str, nonce: str, bits: int) -> bool:
    return leading_zero_bits(hashlib.sha256((challenge + nonce).encode()).digest()) >= bits


class ProofOfWork:
    def __init__(self, throttle: Throttle, *, bits: int, ttl_seconds: int, clock):
        self._throttle = throttle
        self._bits = bits
        self._ttl = ttl_seconds
        self._clock = clock

    def issue(self, source_ip: str) -> Challenge:
        now = self._clock()
        if not self._throttle.within_limit(f"{SCOPE}-ip", source_ip, limit=CHALLENGES_PER_IP_PER_HOUR,
                                           window_seconds=3600, now=now):
            raise TooManyRequests("Demasiadas solicitudes de registro. Intente de nuevo más tarde",
                                  retry_after_seconds=3600 - now % 3600, code="REGISTRATION_THROTTLED")
        challenge = secrets.token_urlsafe(18)
        self._throttle.put_code(SCOPE, challenge, str(self._bits), now + self._ttl)
        return Challenge(challenge, self._bits, self._ttl)

    def redeem(self, challenge: str, nonce: str) -> bool:
        """True once for a live challenge solved by `nonce`; the challenge is spent whatever the answer."""
        bits = self._throttle.take_code(SCOPE, challenge, self._clock())
        return bits is not None and solves(challenge, nonce, int(bits))
