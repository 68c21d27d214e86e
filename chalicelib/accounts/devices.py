"""Device cookies (OWASP "Slow down online guessing attacks with device cookies").

A browser that logged in as a person (or opened that person's unlock link) receives an entry bound to that
person: `<nonce>.<mac>` with mac = HMAC(key, person_id | nonce). The entry names nobody in clear; it proves
only "this browser got in as this person before". The cookie keeps the newest entries of a shared browser
(a clinic's front-desk computer), so each person on it keeps their own allowance.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Callable

COOKIE_NAME = "ov_dispositivo"
MAX_AGE_SECONDS = 180 * 24 * 3600
MAX_ENTRIES = 5
_ENTRY = re.compile(r"^[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}$")


def cookie_value(headers) -> str | None:
    """The device cookie of a request's `Cookie` header, if any."""
    for part in (headers.get("cookie") or "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == COOKIE_NAME:
            return value.strip()
    return None


def set_cookie_header(value: str) -> str:
    return (f"{COOKIE_NAME}={value}; Max-Age={MAX_AGE_SECONDS}; Path=/; Secure; HttpOnly; SameSite=Strict")


class DeviceCookies:
    def __init__(self, key: Callable[[], bytes]):
        self._key = key  # asked on each use: it follows a key rotation

    def _mac(self, person_id: str, nonce: str) -> str:
        digest = hmac.new(self._key(), f"{person_id}|{nonce}".encode(), hashlib.sha256).digest()[:16]
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    @staticmethod
    def _entries(cookie: str | None) -> list[str]:
        entries = (cookie or "").split("~")[: MAX_ENTRIES * 2]
        return [e for e in entries if _ENTRY.match(e)]

    def device_of(self, cookie: str | None, person_id: str) -> str | None:
        """The device id (nonce) this cookie holds for `person_id`; None if it holds none (unknown device)."""
        for entry in self._entries(cookie):
            nonce, _, mac = entry.partition(".")
            if hmac.compare_digest(mac, self._mac(person_id, nonce)):
                return nonce
        return None

    def remember(self, cookie: str | None, person_id: str) -> str:
        """The cookie value after this person got in from this browser: their entry first, newest kept."""
        nonce = self.device_of(cookie, person_id)
        others = [e for e in self._entries(cookie) if not e.startswith(f"{nonce}.")] if nonce else \
            self._entries(cookie)
        nonce = nonce or secrets.token_urlsafe(12)
        return "~".join([f"{nonce}.{self._mac(person_id, nonce)}", *others][:MAX_ENTRIES])
