"""What carries a registration from one step to the next without storing it: a short-lived signed ticket naming
the document and the step it opens (the identity questions, then the email form)."""

from __future__ import annotations

from collections.abc import Callable

import jwt

from chalicelib.common.errors import NotFound

AUDIENCE = "afiliados-registro"
QUESTIONS = "preguntas"
ACCOUNT_FORM = "registro"
TICKET_INVALID = "La validación de su identificación expiró o no es válida. Inicie el registro de nuevo"


class Tickets:
    def __init__(self, key: Callable[[], bytes], *, ttl_seconds: int, clock):
        self._key = key  # asked on each use: it follows a key rotation
        self._ttl = ttl_seconds
        self._clock = clock

    def issue(self, identity: str, step: str) -> str:
        now = self._clock()
        return jwt.encode({"sub": identity, "stp": step, "iat": now, "exp": now + self._ttl, "aud": AUDIENCE},
                          self._key(), algorithm="HS256")

    def read(self, ticket: str, step: str) -> str:
        """The identity a live ticket for `step` names; anything else is one 404 (start again)."""
        try:
            claims = jwt.decode(ticket, self._key(), algorithms=["HS256"], audience=AUDIENCE,
                                # the app's clock decides expiry (tests move it), not the system's
                                options={"require": ["sub", "stp", "exp", "aud"], "verify_iat": False,
                                         "verify_exp": False})
        except jwt.PyJWTError as exc:
            raise NotFound(TICKET_INVALID, code="REGISTRATION_EXPIRED") from exc
        if claims["stp"] != step or claims["exp"] <= self._clock():
            raise NotFound(TICKET_INVALID, code="REGISTRATION_EXPIRED")
        return str(claims["sub"])
