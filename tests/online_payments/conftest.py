"""The payments service on the embedded AWS (its own table through the real repository), the simulator as the
gateway, and in-memory stand-ins of OPS's ledger, the office copays and the affiliates' directory."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pytest

from chalicelib.affiliates.household import Households
from chalicelib.affiliates.types import AffiliatePrincipal, TipoAfiliado
from chalicelib.online_payments.copays import CopayPayable
from chalicelib.online_payments.history import PaymentHistory
from chalicelib.online_payments.repository import OnlinePaymentRepository
from chalicelib.online_payments.service import OnlinePaymentService
from chalicelib.online_payments.simulator import SimulatedGateway
from chalicelib.online_payments.types import PaymentKind
from tests.affiliates.fakes import FakeAffiliateDirectory, affiliate
from tests.online_payments.fakes import Contacts, FakeOfficeCopays, FakeOpsLedger, Mailbox, ops

START = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
COPAY = "3510000103"
MINOR_COPAY = "3510000201"


@dataclass
class Clock:
    at: datetime = START

    def now(self) -> datetime:
        return self.at

    def epoch(self) -> int:
        return int(self.at.timestamp())

    def advance(self, **delta) -> None:
        self.at += timedelta(**delta)


@dataclass
class Payments:
    service: OnlinePaymentService
    history: PaymentHistory
    simulator: SimulatedGateway
    ledger: FakeOpsLedger
    office: FakeOfficeCopays
    mailbox: Mailbox
    clock: Clock
    repository: OnlinePaymentRepository
    people: dict = field(default_factory=dict)

    def principal(self, who: str = "me") -> AffiliatePrincipal:
        return AffiliatePrincipal(identity=self.people[who].identity, session_id="s", must_change_password=False)

    def event(self, payment, status: str, method: str = "PSE", cents: int | None = None) -> bytes:
        return self.simulator.event(payment.payment_id, payment.amount * 100 if cents is None else cents, status,
                                    method)


@pytest.fixture
def payments(aws) -> Payments:
    directory = FakeAffiliateDirectory()
    me = directory.add(affiliate("CC", "1032456789"))
    child = directory.add(affiliate("TI", "1107000111", primer_nombre="SOFIA", fecha_nacimiento=date(2015, 5, 2),
                                    tipo_afiliado=TipoAfiliado.BENEFICIARIO))
    stranger = directory.add(affiliate("CC", "52123456", primer_nombre="ANA"))
    directory.link(me, child, "HIJO")
    clock = Clock()
    ledger = FakeOpsLedger(ops(me.ref, COPAY), ops(child.ref, MINOR_COPAY, 4_100), ops(stranger.ref, "3519999999"))
    office = FakeOfficeCopays()
    simulator = SimulatedGateway(b"k" * 32, "http://127.0.0.1:8000", clock.epoch)
    households = Households(directory, directory, lambda: clock.now().date())
    repository = OnlinePaymentRepository()
    mailbox = Mailbox()
    service = OnlinePaymentService(
        repository, simulator, {PaymentKind.COPAGO: CopayPayable(ledger, households, lambda: clock.now().date())},
        Contacts(directory), lambda identity: directory.find(identity).full_name, mailbox,
        "https://oficinavirtual.example.co", clock.now)
    return Payments(service, PaymentHistory(households, repository, office), simulator, ledger, office, mailbox,
                    clock, repository, {"me": me, "child": child, "stranger": stranger})
