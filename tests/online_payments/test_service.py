"""Paying a copay: the simulator's outcomes → the seed's states and texts (Aprobado; Pendiente; Rechazado with "La
petición ha expirado" / "La petición ha sido cancelada por el usuario"), one OPS per payment, a repeated event
without a second effect, a forged one refused, a wrong amount refused and alerted, the sweeper."""

from __future__ import annotations

import base64
import json
from urllib.parse import urlsplit

import pytest

from chalicelib.common.errors import Conflict
from chalicelib.common.observability import metrics
from chalicelib.online_payments.gateway import InvalidEvent
from chalicelib.online_payments.service import ALREADY_PAID, NOT_PAYABLE, CopayPaymentStates
from chalicelib.online_payments.types import CANCELLED, DECLINED, EXPIRED, PaymentKind, PaymentState
from tests.online_payments.conftest import COPAY, MINOR_COPAY, Payments
from tests.online_payments.fakes import ops

COPAGO = PaymentKind.COPAGO


def start(p: Payments, reference: str = COPAY, who: str = "me"):
    return p.service.start(p.principal(who), COPAGO, reference)


def test_the_amount_is_the_servers_and_the_checkout_is_the_gateways(payments):
    started = start(payments)
    assert started.payment.amount == 6_358 and started.payment.state is PaymentState.PENDIENTE
    url = urlsplit(started.checkout_url)
    prefix, reference, token = url.path.rsplit("/", 2)
    assert (prefix, reference) == ("/simulador-pagos", started.payment.payment_id)
    order = payments.simulator.order(reference, token)
    assert order.amount_pesos == 6_358
    assert order.back.endswith(f"/afiliados/autorizaciones/pagos/resultado/{started.payment.payment_id}")
    packed, _, signature = token.partition(".")
    forged = base64.urlsafe_b64encode(json.dumps({"monto": 1, "vence": order.expires, "regreso": order.back})
                                      .encode()).decode().rstrip("=")
    assert payments.simulator.order(reference, f"{forged}.{signature}") is None
    assert payments.simulator.order("0" * 32, token) is None  # another payment's order


@pytest.mark.parametrize(("outcome", "state", "observation"), [
    ("APPROVED", PaymentState.APROBADO, None),
    ("PENDING", PaymentState.PENDIENTE, None),
    ("DECLINED", PaymentState.RECHAZADO, DECLINED),
    ("EXPIRED", PaymentState.RECHAZADO, EXPIRED),
    ("CANCELLED", PaymentState.RECHAZADO, CANCELLED),
])
def test_simulator_outcomes_give_the_seeds_states_and_texts(payments, outcome, state, observation):
    payment = start(payments).payment
    payments.service.on_event(payments.event(payment, outcome), {})
    stored = payments.repository.get(payment.payment_id)
    assert (stored.state, stored.observation) == (state, observation)
    row = payments.history.page(payments.principal()).personas[0].registros[0]
    assert row.estado == {"APROBADO": "Aprobado", "PENDIENTE": "Pendiente", "RECHAZADO": "Rechazado"}[state.value]
    assert row.observaciones == observation
    approved = state is PaymentState.APROBADO
    assert bool(payments.ledger.paid) is approved and bool(payments.mailbox.sent) is approved


def test_approved_shows_the_ops_delivered_and_emails_support_and_ops(payments):
    payment = start(payments).payment
    payments.service.on_event(payments.event(payment, "APPROVED", "CARD"), {})
    me = payments.people["me"]
    assert payments.ledger.payable(me.ref, COPAY).estado == "ENTREGADA"
    assert payments.ledger.paid == [(me.ref, COPAY, payment.payment_id, payments.clock.now())]
    [email] = payments.mailbox.sent
    assert email.to == me.contact.correo and COPAY in email.subject
    assert payment.receipt in email.text and "$6,358" in email.text and "Tarjeta de Crédito" in email.text
    assert f"Orden de Prestación de Servicios (autorización) No. {COPAY}" in email.text


def test_a_repeated_event_has_no_second_effect(payments):
    payment = start(payments).payment
    event = payments.event(payment, "APPROVED")
    assert payments.service.on_event(event, {}) == "APROBADO"
    assert payments.service.on_event(event, {}) == "APROBADO"
    late_decline = payments.event(payment, "DECLINED")
    assert payments.service.on_event(late_decline, {}) == "APROBADO"
    assert len(payments.ledger.paid) == 1 and len(payments.mailbox.sent) == 1


def test_a_forged_event_is_refused_and_changes_nothing(payments):
    payment = start(payments).payment
    event = json.loads(payments.event(payment, "DECLINED"))
    event["data"]["transaction"]["status"] = "APPROVED"  # the checksum was made for DECLINED
    with pytest.raises(InvalidEvent):
        payments.service.on_event(json.dumps(event).encode(), {})
    assert payments.repository.get(payment.payment_id).state is PaymentState.PENDIENTE


def test_a_wrong_amount_is_refused_and_alerted_without_personal_data(payments, caplog):
    payment = start(payments).payment
    metrics.clear_metrics()
    outcome = payments.service.on_event(payments.event(payment, "APPROVED", cents=100), {})
    assert outcome == "MONTO_INVALIDO"
    assert payments.repository.get(payment.payment_id).state is PaymentState.PENDIENTE
    assert payments.ledger.paid == [] and payments.mailbox.sent == []
    assert "PaymentAmountMismatch" in metrics.metric_set
    metrics.clear_metrics()
    [alert] = [r for r in caplog.records if r.getMessage() == "payment event refused: amount differs"]
    assert (alert.payment_id, alert.expected_cents, alert.reported_cents) == (payment.payment_id, 635800, 100)
    logged = " ".join(str(v) for v in vars(alert).values())
    me = payments.people["me"]
    assert me.doc_number not in logged and me.primer_apellido not in logged and me.contact.correo not in logged


def test_one_ops_is_paid_once(payments):
    first = start(payments).payment
    with pytest.raises(Conflict) as pending:
        start(payments)
    assert pending.value.message == ALREADY_PAID
    payments.service.on_event(payments.event(first, "APPROVED"), {})
    with pytest.raises(Conflict):  # ENTREGADA now, and approved
        start(payments)
    states = CopayPaymentStates(payments.repository)
    assert states.blocking([COPAY, MINOR_COPAY, "3510000999"]) == {COPAY}


def test_a_rejected_payment_frees_the_ops_for_another_attempt(payments):
    first = start(payments).payment
    payments.service.on_event(payments.event(first, "CANCELLED"), {})
    assert CopayPaymentStates(payments.repository).blocking([COPAY]) == set()
    second = start(payments).payment
    assert second.payment_id != first.payment_id
    assert CopayPaymentStates(payments.repository).blocking([COPAY]) == {COPAY}


def test_a_minors_ops_is_paid_by_the_cotizante_but_not_a_strangers(payments):
    started = start(payments, MINOR_COPAY)
    assert started.payment.holder_ref == payments.people["child"].ref and started.payment.amount == 4_100
    with pytest.raises(Conflict) as refused:
        start(payments, "3519999999")
    assert refused.value.message == NOT_PAYABLE


@pytest.mark.parametrize("change", [dict(valor_cuota=0), dict(estado="ENTREGADA"), dict(recaudo_en_linea=False),
                                    dict(estado="EN PROCESO")])
def test_an_ops_not_payable_online_is_refused(payments, change):
    me = payments.people["me"]
    payments.ledger.entries[(me.ref, COPAY)] = ops(me.ref, COPAY, **change)
    with pytest.raises(Conflict):
        start(payments)


def test_an_expired_ops_is_refused(payments):
    payments.clock.advance(days=60)  # past the OPS's F. Vencimiento
    with pytest.raises(Conflict):
        start(payments)


def test_the_sweeper_settles_pending_ones_past_a_few_minutes(payments):
    pse = start(payments).payment
    payments.service.on_event(payments.event(pse, "PENDING"), {})  # the bank confirms later
    abandoned = start(payments, MINOR_COPAY).payment  # the user never chose at the gateway
    payments.clock.advance(minutes=3)
    assert payments.service.sweep().asked == 0  # too recent
    payments.clock.advance(minutes=3)
    result = payments.service.sweep()
    assert (result.asked, result.settled) == (2, 1)
    assert payments.repository.get(pse.payment_id).state is PaymentState.APROBADO
    assert payments.repository.get(abandoned.payment_id).state is PaymentState.PENDIENTE  # its checkout still open
    payments.clock.advance(minutes=10)
    assert payments.service.sweep().settled == 1
    expired = payments.repository.get(abandoned.payment_id)
    assert (expired.state, expired.observation) == (PaymentState.RECHAZADO, EXPIRED)
    assert payments.service.sweep().asked == 0 and payments.service.pending() == []
    assert len(payments.ledger.paid) == 1 and len(payments.mailbox.sent) == 1


def test_an_approval_after_the_sweeper_expired_the_payment_is_alerted(payments, caplog):
    payment = start(payments).payment
    payments.clock.advance(minutes=20)
    payments.service.sweep()
    metrics.clear_metrics()
    assert payments.service.on_event(payments.event(payment, "APPROVED"), {}) == "RECHAZADO"
    assert "PaymentApprovedAfterRejection" in metrics.metric_set
    metrics.clear_metrics()
    assert [r.payment_id for r in caplog.records if r.getMessage() == "payment approved after it was rejected"] \
        == [payment.payment_id]
    assert payments.ledger.paid == [] and payments.mailbox.sent == []
