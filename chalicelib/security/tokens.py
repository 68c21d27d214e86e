"""Signed session tokens (JWT, HS256 only) scoped to one provider."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

import jwt

from chalicelib.common.clock import epoch_seconds

ALGORITHM = "HS256"


class InvalidToken(Exception):
    pass


def unverified_audience(token: str) -> str | None:
    """The audience a token claims, unverified: only to pick the service that verifies it with its own key and
    audience (a forged claim just reaches a service that refuses it)."""
    try:
        audience = jwt.decode(token, options={"verify_signature": False}).get("aud")
    except jwt.PyJWTError:
        return None
    return audience if isinstance(audience, str) else None


@dataclass(frozen=True, slots=True)
class TokenClaims:
    person_id: str
    provider_id: str
    token_version: int
    membership_version: int  # the membership's session_version: inactivation bumps it
    session_id: str
    expires_at: int
    authenticated_at: int  # when the person typed the password: renewals carry it, so a session has a maximum age


class TokenService:
    def __init__(self, key: Callable[[], bytes], *, issuer: str, audience: str, ttl_seconds: int,
                 clock: Callable[[], int] = epoch_seconds):
        self._current_key = key  # asked on every use: a rotated key reaches a warm container (keys.py)
        self._issuer = issuer
        self._audience = audience
        self._ttl = ttl_seconds
        self._clock = clock  # the app's clock, not PyJWT's own reading of the system's: tokens age with the app

    def issue(self, *, person_id: str, provider_id: str, token_version: int, membership_version: int,
              now: int, authenticated_at: int | None = None) -> tuple[str, TokenClaims]:
        claims = TokenClaims(
            person_id=person_id,
            provider_id=provider_id,
            token_version=token_version,
            membership_version=membership_version,
            session_id=uuid.uuid4().hex,
            expires_at=now + self._ttl,
            authenticated_at=now if authenticated_at is None else authenticated_at,
        )
        payload = {
            "sub": person_id,
            "prv": provider_id,
            "ver": token_version,
            "msv": membership_version,
            "jti": claims.session_id,
            "iat": now,
            "auth_time": claims.authenticated_at,
            "nbf": now,
            "exp": claims.expires_at,
            "iss": self._issuer,
            "aud": self._audience,
        }
        return jwt.encode(payload, self._key(), algorithm=ALGORITHM), claims

    def _key(self) -> bytes:
        key = self._current_key()
        if len(key) < 32:
            raise ValueError("The token signing key must have at least 32 bytes")
        return key

    @property
    def ttl_seconds(self) -> int:
        return self._ttl

    def verify(self, token: str) -> TokenClaims:
        try:
            payload = jwt.decode(
                token,
                self._key(),
                algorithms=[ALGORITHM],
                audience=self._audience,
                issuer=self._issuer,
                options={"require": ["exp", "iat", "sub", "prv", "ver", "msv", "jti", "aud", "iss"],
                         "verify_exp": False, "verify_nbf": False, "verify_iat": False},
            )
            now = self._clock()
            if int(payload["exp"]) <= now or int(payload.get("nbf", payload["iat"])) > now or int(payload["iat"]) > now:
                raise InvalidToken("the token is expired or not valid yet")
            return TokenClaims(
                person_id=str(payload["sub"]),
                provider_id=str(payload["prv"]),
                token_version=int(payload["ver"]),
                membership_version=int(payload["msv"]),
                session_id=str(payload["jti"]),
                expires_at=int(payload["exp"]),
                authenticated_at=int(payload.get("auth_time", payload["iat"])),
            )
        except (jwt.PyJWTError, ValueError, TypeError) as exc:
            raise InvalidToken(str(exc)) from exc
