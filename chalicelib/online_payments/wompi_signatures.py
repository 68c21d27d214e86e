"""Wompi's two checksums (docs.wompi.co, "Widget & Checkout Web" and "Eventos"):
- integrity: SHA-256 hex of reference + amount in cents + currency [+ expiration time] + integrity secret, sent with
  the checkout so nobody can change the amount or the reference on the way;
- events: SHA-256 of the values named by `signature.properties` (paths into `data`), then `timestamp`, then the
  events secret, compared with `signature.checksum` (Wompi writes it in upper case)."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any


def integrity_signature(reference: str, amount_in_cents: int, currency: str, secret: str,
                        expiration_time: str | None = None) -> str:
    chain = f"{reference}{amount_in_cents}{currency}{expiration_time or ''}{secret}"
    return hashlib.sha256(chain.encode()).hexdigest()


def _value_at(data: dict[str, Any], path: str) -> Any:
    value: Any = data
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            raise KeyError(path)
        value = value[part]
    return value


def event_checksum(event: dict[str, Any], secret: str) -> str:
    properties = event["signature"]["properties"]
    if not isinstance(properties, list) or not properties:
        raise KeyError("signature.properties")
    values = "".join(str(_value_at(event["data"], str(p))) for p in properties)
    return hashlib.sha256(f"{values}{event['timestamp']}{secret}".encode()).hexdigest().upper()


def verified(event: dict[str, Any], secret: str, required: tuple[str, ...]) -> bool:
    """The event's checksum is right for `secret` and covers at least the `required` properties."""
    try:
        signature = event["signature"]
        if not set(required) <= set(signature["properties"]):
            return False
        expected = event_checksum(event, secret)
        return hmac.compare_digest(expected, str(signature["checksum"]).upper())
    except (KeyError, TypeError):
        return False
