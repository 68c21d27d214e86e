"""The Wompi adapter against recorded exchanges in Wompi's documented format (fixtures/): the integrity signature
of the documentation's own example, the Web Checkout URL, transactions by id and by reference, signed events, and
forged or stale events refused."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from chalicelib.online_payments.gateway import CheckoutOrder, GatewayStatus, InvalidEvent
from chalicelib.online_payments.wompi import WompiGateway
from chalicelib.online_payments.wompi_signatures import integrity_signature
from tests.online_payments.fakes import ReplayTransport, fixture

KEYS = fixture("wompi_keys")
EVENT_TIME = 1796653443


def gateway(*exchanges: str, now: int = EVENT_TIME + 5,
            events_secret: str = KEYS["events_secret"]) -> tuple[WompiGateway, ReplayTransport]:
    transport = ReplayTransport(*exchanges)
    return WompiGateway(public_key=KEYS["public_key"], private_key=KEYS["private_key"],
                        integrity_secret=KEYS["integrity_secret"], events_secret=events_secret,
                        api_url=KEYS["api_url"], transport=transport, epoch=lambda: now), transport


def body_of(name: str) -> bytes:
    return json.dumps(fixture(name)["body"]).encode()


def test_integrity_signature_of_the_documented_example():
    example = fixture("wompi_integrity_example")
    assert integrity_signature(example["reference"], example["amount_in_cents"], example["currency"],
                               example["integrity_secret"]) == example["signature"]


def test_checkout_url_signs_the_servers_amount_reference_and_expiration():
    wompi, transport = gateway()
    order = CheckoutOrder(reference="5f0c8e1a2b3d4c5e6f708192a3b4c5d6", amount_pesos=6_358,
                          redirect_url="https://oficinavirtual.example.co/portal/#/afiliados/autorizaciones/pagos",
                          expires_at=datetime(2026, 12, 7, 14, 38, 41, tzinfo=UTC))
    url = urlsplit(wompi.checkout_url(order))
    params = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert (url.scheme, url.netloc, url.path) == ("https", "checkout.wompi.co", "/p/")
    assert params["amount-in-cents"] == "635800" and params["currency"] == "COP"
    assert params["reference"] == order.reference and params["public-key"] == KEYS["public_key"]
    assert params["expiration-time"] == "2026-12-07T14:38:41.000Z"
    assert params["signature:integrity"] == integrity_signature(order.reference, 635800, "COP",
                                                                 KEYS["integrity_secret"], "2026-12-07T14:38:41.000Z")
    assert params["redirect-url"] == order.redirect_url
    assert transport.asked == []  # the checkout is a redirect: nothing asked of the API


def test_transaction_by_id_with_the_public_key():
    wompi, transport = gateway("wompi_transaction_by_id")
    found = wompi.transaction("15113-1733591021-93851", "5f0c8e1a2b3d4c5e6f708192a3b4c5d6")
    assert found is not None and found.status is GatewayStatus.APPROVED
    assert (found.amount_in_cents, found.currency, found.payment_method) == (635800, "COP", "PSE")


def test_transaction_by_reference_prefers_the_approved_attempt():
    wompi, _ = gateway("wompi_transactions_by_reference")
    found = wompi.transaction(None, "5f0c8e1a2b3d4c5e6f708192a3b4c5d6")
    assert found is not None and found.status is GatewayStatus.APPROVED
    assert found.transaction_id == "15113-1733591021-93851"


def test_no_transaction_yet_and_unknown_id_are_none():
    wompi, _ = gateway("wompi_transactions_none", "wompi_transaction_not_found")
    assert wompi.transaction(None, "0123456789abcdef0123456789abcdef") is None
    assert wompi.transaction("0000-0000000000-00000", "0123456789abcdef0123456789abcdef") is None


def test_a_signed_event_is_parsed():
    wompi, _ = gateway()
    transaction = wompi.parse_event(body_of("wompi_event_approved"), fixture("wompi_event_approved")["headers"])
    assert transaction.reference == "5f0c8e1a2b3d4c5e6f708192a3b4c5d6"
    assert (transaction.status, transaction.amount_in_cents) == (GatewayStatus.APPROVED, 635800)
    declined = wompi.parse_event(body_of("wompi_event_declined"), {})
    assert declined.status is GatewayStatus.DECLINED


def test_a_forged_event_is_refused():
    wompi, _ = gateway()
    with pytest.raises(InvalidEvent):
        wompi.parse_event(body_of("wompi_event_forged"), fixture("wompi_event_forged")["headers"])


def test_an_event_signed_with_another_secret_or_over_fewer_properties_is_refused():
    event = fixture("wompi_event_approved")["body"]
    other, _ = gateway(events_secret="test_events_another_merchant")
    with pytest.raises(InvalidEvent):
        other.parse_event(json.dumps(event).encode(), {})
    fewer = dict(event, signature={"properties": ["transaction.id"], "checksum": event["signature"]["checksum"]})
    wompi, _ = gateway()
    with pytest.raises(InvalidEvent):
        wompi.parse_event(json.dumps(fewer).encode(), {})


def test_a_stale_event_is_refused():
    wompi, _ = gateway(now=EVENT_TIME + 3 * 24 * 3600)
    with pytest.raises(InvalidEvent):
        wompi.parse_event(body_of("wompi_event_approved"), {})


@pytest.mark.parametrize("body", [b"not json", b"[]", b'{"event": "nequi_token.updated"}'])
def test_what_is_not_a_transaction_event_is_refused(body):
    wompi, _ = gateway()
    with pytest.raises(InvalidEvent):
        wompi.parse_event(body, {})
