"""The PaymentGateway on Wompi (Bancolombia's gateway: PSE, cards, Nequi…; docs.wompi.co).

- Checkout: Wompi's Web Checkout, a redirect to checkout.wompi.co with the public key, the amount in cents, our
  reference, an expiration time and the integrity signature over them (the browser cannot change the amount).
- Query: `GET /v1/transactions/{id}` (public) when the transaction is known, else `GET /v1/transactions?reference=`
  (private key) for the newest transaction of our reference.
- Events: `transaction.updated` posted to /pagos/eventos, trusted only when its checksum verifies with the events
  secret and covers the transaction's id, status and amount; stale ones (older than `max_event_age`) refused."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlencode

from chalicelib.online_payments.gateway import CURRENCY, CheckoutOrder, GatewayStatus, GatewayTransaction, InvalidEvent
from chalicelib.online_payments.transport import GatewayUnavailable, HttpTransport
from chalicelib.online_payments.wompi_signatures import integrity_signature, verified

CHECKOUT_URL = "https://checkout.wompi.co/p/"
PRODUCTION_API = "https://production.wompi.co/v1"
SANDBOX_API = "https://sandbox.wompi.co/v1"
SIGNED_PROPERTIES = ("transaction.id", "transaction.status", "transaction.amount_in_cents")
MAX_EVENT_AGE_SECONDS = 48 * 3600  # Wompi retries a refused event for 24 hours


def expiration_text(at: datetime) -> str:
    """Wompi's `expiration-time`: ISO 8601 in UTC, milliseconds, Z."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def transaction_of(data: dict[str, Any]) -> GatewayTransaction:
    try:
        return GatewayTransaction(transaction_id=str(data["id"]), reference=str(data["reference"]),
                                  amount_in_cents=int(data["amount_in_cents"]), currency=str(data["currency"]),
                                  status=GatewayStatus(data["status"]),
                                  payment_method=data.get("payment_method_type"))
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidEvent("not a Wompi transaction") from exc


class WompiGateway:
    def __init__(self, *, public_key: str, private_key: str, integrity_secret: str, events_secret: str,
                 transport: HttpTransport, api_url: str = PRODUCTION_API, checkout_url: str = CHECKOUT_URL,
                 epoch: Callable[[], int], max_event_age: int = MAX_EVENT_AGE_SECONDS):
        self._public_key = public_key
        self._private_key = private_key
        self._integrity_secret = integrity_secret
        self._events_secret = events_secret
        self._http = transport
        self._api = api_url.rstrip("/")
        self._checkout = checkout_url
        self._epoch = epoch
        self._max_age = max_event_age

    def checkout_url(self, order: CheckoutOrder) -> str:
        expiration = expiration_text(order.expires_at)
        params = {
            "public-key": self._public_key,
            "currency": CURRENCY,
            "amount-in-cents": str(order.amount_in_cents),
            "reference": order.reference,
            "expiration-time": expiration,
            "signature:integrity": integrity_signature(order.reference, order.amount_in_cents, CURRENCY,
                                                       self._integrity_secret, expiration),
            "redirect-url": order.redirect_url,
        }
        return f"{self._checkout}?{urlencode(params, safe=':/')}"

    def transaction(self, transaction_id: str | None, reference: str) -> GatewayTransaction | None:
        if transaction_id:
            answer = self._http.get_json(f"{self._api}/transactions/{quote(transaction_id, safe='')}",
                                         {"Authorization": f"Bearer {self._public_key}"})
            if answer.status == 404:
                return None
            found = [answer.body.get("data")] if answer.status == 200 and isinstance(answer.body, dict) else None
        else:
            answer = self._http.get_json(f"{self._api}/transactions?{urlencode({'reference': reference})}",
                                         {"Authorization": f"Bearer {self._private_key}"})
            found = answer.body.get("data") if answer.status == 200 and isinstance(answer.body, dict) else None
        if not isinstance(found, list):
            raise GatewayUnavailable(f"unexpected answer {answer.status}")
        mine = [transaction_of(t) for t in found if isinstance(t, dict) and t.get("reference") == reference]
        # A reference may have several attempts (a declined card, then another): an approved one wins, else the
        # newest (Wompi lists newest first).
        return next((t for t in mine if t.status is GatewayStatus.APPROVED), mine[0] if mine else None)

    def parse_event(self, body: bytes, headers: dict[str, str]) -> GatewayTransaction:
        try:
            event = json.loads(body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise InvalidEvent("not JSON") from exc
        if not isinstance(event, dict) or event.get("event") != "transaction.updated":
            raise InvalidEvent("not a transaction event")
        if not verified(event, self._events_secret, SIGNED_PROPERTIES):
            raise InvalidEvent("signature refused")
        timestamp = event.get("timestamp")
        if not isinstance(timestamp, int) or abs(self._epoch() - timestamp) > self._max_age:
            raise InvalidEvent("stale event")
        return transaction_of((event.get("data") or {}).get("transaction") or {})
