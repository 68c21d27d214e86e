"""The PaymentGateway of `make run` (stage local only): a small checkout page of its own where the user picks the
payment method ("Cuentas débito ahorro y corriente (PSE)" or "Tarjeta de Crédito") and what the bank answers
(approve, reject, leave pending, let it expire, cancel); it then hands a signed event, in Wompi's format and
checksum, to the callback route's own code and sends the browser back to the portal. No card data is asked for.

Stateless: the checkout URL's last segment carries the order signed by the simulator (nobody changes the amount on
the way), and a transaction id carries its status, amount and time, so a later query answers as a gateway would;
a pending one turns approved `settle_seconds` after it was made (PSE banks confirm late)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from chalicelib.online_payments.emails import pesos
from chalicelib.online_payments.gateway import CURRENCY, CheckoutOrder, GatewayStatus, GatewayTransaction, InvalidEvent
from chalicelib.online_payments.wompi import SIGNED_PROPERTIES, transaction_of
from chalicelib.online_payments.wompi_signatures import event_checksum, verified

PAGE_PATH = "/simulador-pagos"
METHODS = {"PSE": "Cuentas débito ahorro y corriente (PSE)", "CARD": "Tarjeta de Crédito"}
OUTCOMES = {
    "APPROVED": ("aprobar", "Aprobar el pago"),
    "DECLINED": ("rechazar", "Rechazar el pago (fondos insuficientes)"),
    "PENDING": ("pendiente", "Dejar el pago pendiente (el banco confirma después)"),
    "EXPIRED": ("expirar", "Dejar expirar la petición"),
    "CANCELLED": ("cancelar", "Cancelar el pago (el usuario desiste)"),
}
STATUS_OF = {code: status for status, (code, _) in OUTCOMES.items()}
SETTLE_SECONDS = 120
INVALID = "El enlace de pago no es válido o ya venció"


@dataclass(frozen=True, slots=True)
class Order:
    reference: str
    amount_pesos: int
    expires: int  # epoch seconds
    back: str


class SimulatedGateway:
    def __init__(self, secret: bytes, api_url: str, epoch: Callable[[], int], settle_seconds: int = SETTLE_SECONDS):
        self._secret = secret
        self._events_secret = secret.hex()
        self._api_url = api_url.rstrip("/")
        self._epoch = epoch
        self._settle = settle_seconds

    # --- the port
    def checkout_url(self, order: CheckoutOrder) -> str:
        fields = {"monto": order.amount_pesos, "vence": int(order.expires_at.timestamp()),
                  "regreso": order.redirect_url}
        packed = base64.urlsafe_b64encode(json.dumps(fields, separators=(",", ":")).encode()).decode().rstrip("=")
        return f"{self._api_url}{PAGE_PATH}/{order.reference}/{packed}.{self._sign(order.reference, packed)}"

    def transaction(self, transaction_id: str | None, reference: str) -> GatewayTransaction | None:
        if not transaction_id:
            return None
        try:
            tag, made, status, cents, method, nonce = transaction_id.split("-")
            state = GatewayStatus(status)
        except ValueError:
            return None
        if tag != "SIM" or nonce != self._nonce(reference, made, status, cents, method):
            return None
        if state is GatewayStatus.PENDING and self._epoch() - int(made) >= self._settle:
            state = GatewayStatus.APPROVED
        return GatewayTransaction(transaction_id, reference, int(cents), CURRENCY, state, method)

    def parse_event(self, body: bytes, headers: dict[str, str]) -> GatewayTransaction:
        try:
            event = json.loads(body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise InvalidEvent("not JSON") from exc
        if not isinstance(event, dict) or event.get("event") != "transaction.updated" \
                or not verified(event, self._events_secret, SIGNED_PROPERTIES):
            raise InvalidEvent("signature refused")
        return transaction_of((event.get("data") or {}).get("transaction") or {})

    # --- the page
    def order(self, reference: str, token: str) -> Order | None:
        """The order of a checkout URL's last segment, None when its signature fails or its time ran out."""
        packed, _, signature = token.partition(".")
        if not hmac.compare_digest(self._sign(reference, packed), signature):
            return None
        try:
            fields = json.loads(base64.urlsafe_b64decode(packed + "=" * (-len(packed) % 4)))
            order = Order(reference, int(fields["monto"]), int(fields["vence"]), str(fields["regreso"]))
        except (ValueError, KeyError, TypeError):
            return None
        return order if self._epoch() < order.expires else None

    def page(self, reference: str, token: str) -> str:
        order = self.order(reference, token)
        if order is None:
            return _document("Pago no disponible", f'<p role="alert">{INVALID}</p>')
        methods = "".join(
            f'<label><input type="radio" name="medio" value="{code}" required{" checked" if i == 0 else ""}> '
            f'{label}</label>' for i, (code, label) in enumerate(METHODS.items()))
        outcomes = "".join(
            f'<label><input type="radio" name="resultado" value="{code}" required{" checked" if i == 0 else ""}> '
            f'{label}</label>' for i, (code, label) in enumerate(OUTCOMES.values()))
        body = f"""<p class="note">Simulador de la pasarela de pagos: solo existe en los ambientes local y de pruebas
(<code>make run</code>). En producción el pago se hace en la página de Wompi.</p>
<dl><dt>Referencia</dt><dd>{html.escape(reference[:10].upper())}</dd>
<dt>Valor a pagar</dt><dd>{pesos(order.amount_pesos)}</dd></dl>
<form method="post" action="{PAGE_PATH}/{html.escape(reference)}/{html.escape(token)}">
<fieldset><legend>Medio de pago</legend>{methods}</fieldset>
<fieldset><legend>Respuesta de la entidad financiera</legend>{outcomes}</fieldset>
<button type="submit">Pagar</button></form>"""
        return _document("Pago en línea", body)

    def complete(self, reference: str, token: str, form: Mapping[str, str]) -> tuple[bytes, str] | None:
        """The signed event the chosen outcome produces and where the browser goes next; None when the order is not
        this simulator's or has expired, or the choice is not one offered."""
        order = self.order(reference, token)
        status = STATUS_OF.get(form.get("resultado", ""))
        method = form.get("medio", "")
        if order is None or status is None or method not in METHODS:
            return None
        return self.event(order.reference, order.amount_pesos * 100, status, method), order.back

    def event(self, reference: str, amount_in_cents: int, status: str, method: str) -> bytes:
        made = str(self._epoch())
        transaction_id = "-".join(("SIM", made, status, str(amount_in_cents), method,
                                   self._nonce(reference, made, status, str(amount_in_cents), method)))
        event = {
            "event": "transaction.updated",
            "data": {"transaction": {"id": transaction_id, "amount_in_cents": amount_in_cents,
                                     "reference": reference, "currency": CURRENCY, "payment_method_type": method,
                                     "status": status}},
            "environment": "test",
            "signature": {"properties": list(SIGNED_PROPERTIES)},
            "timestamp": int(made),
            "sent_at": made,
        }
        event["signature"]["checksum"] = event_checksum(event, self._events_secret)
        return json.dumps(event).encode()

    def _sign(self, reference: str, packed: str) -> str:
        return hmac.new(self._secret, f"{reference}|{packed}".encode(), hashlib.sha256).hexdigest()

    def _nonce(self, *parts: str) -> str:
        return hmac.new(self._secret, "|".join(parts).encode(), hashlib.sha256).hexdigest()[:16]


def _document(title: str, body: str) -> str:
    return f"""<!doctype html>
<html lang="es"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} - Simulador de pagos</title>
<style>
body{{font-family:system-ui,sans-serif;margin:0;background:#f4f6f8;color:#1d2733}}
header{{background:#0b4f8a;color:#fff;padding:1rem}}
main{{max-width:34rem;margin:1rem auto;padding:1rem;background:#fff}}
fieldset{{border:1px solid #8796a5;margin:1rem 0;padding:.5rem 1rem}} label{{display:block;padding:.35rem 0}}
button{{background:#0b4f8a;color:#fff;border:0;padding:.7rem 1.4rem;font-size:1rem;cursor:pointer}}
.note{{background:#fff4d6;padding:.5rem}} dt{{font-weight:bold}} dd{{margin:0 0 .5rem}}
</style></head>
<body><header><p>Pasarela de pagos (simulador)</p></header>
<main><h1>{title}</h1>{body}</main></body></html>"""
