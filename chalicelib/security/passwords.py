"""Password storage (argon2id at OWASP parameters) and generated passwords."""

from __future__ import annotations

import secrets
import string
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1.
OWASP_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
_hasher: PasswordHasher = OWASP_HASHER

_ALPHABET = string.ascii_letters + string.digits
# Letters and digits easy to confuse when copied by hand are left out of generated passwords.
_UNAMBIGUOUS = "".join(c for c in _ALPHABET if c not in "Il1O0o")


def use_hasher(hasher: PasswordHasher | None) -> None:
    """Hash and verify with `hasher` from now on (a test counting the argon2 work); None: the OWASP one."""
    global _hasher
    _hasher = hasher or OWASP_HASHER


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Constant-work check: an unknown user is verified against a dummy hash so timing matches."""
    try:
        return _hasher.verify(stored_hash or _dummy_hash(), password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


@cache
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))


def generate_password(length: int = 12) -> str:
    """Alphanumeric, mixed case, with at least one upper-case letter, one lower-case letter and one digit."""
    while True:
        candidate = "".join(secrets.choice(_UNAMBIGUOUS) for _ in range(length))
        if (
            any(c.isupper() for c in candidate)
            and any(c.islower() for c in candidate)
            and any(c.isdigit() for c in candidate)
        ):
            return candidate
