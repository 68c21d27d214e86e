"""The opaque id of a person in paths and in the portal (`ref`): never the document number.

HMAC-SHA256 of the identity under a key derived for this one purpose from the signing key, 128 bits in
base64url (22 characters): stable across loads, and nobody without the key can compute one from a document
number. Stored on the affiliate's item at each load; readers look it up, they never compute it."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable

from chalicelib.security.keys import derived_key

PURPOSE = b"affiliate-ref/v1"


def ref_of(identity: str, key: bytes) -> str:
    digest = hmac.new(key, identity.encode(), hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def ref_maker() -> Callable[[str], str]:
    """ref_of bound to the current derived key: read the key once for a whole load, not once per row."""
    key = derived_key(PURPOSE)
    return lambda identity: ref_of(identity, key)
