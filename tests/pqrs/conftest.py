"""Contáctenos' services on in-memory fakes, on a clock the test moves (Bogotá time)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pytest

from chalicelib.accounts.throttling import Throttle
from chalicelib.affiliate_accounts.challenge import ProofOfWork
from chalicelib.affiliates.types import Contact
from chalicelib.common.clock import BOGOTA
from chalicelib.pqrs.contact import ContactService
from chalicelib.pqrs.desk import PqrsDesk
from chalicelib.pqrs.service import AffiliatePqrsService
from tests.affiliates.fakes import FakeAffiliateDirectory, affiliate
from tests.affiliates.micuenta.fakes import FakeAudit, FakeMailer
from tests.pqrs.fakes import FakePqrsStore
from tests.unit.accounts.fakes import FakeCounters

PORTAL = "https://portal.example"
POW_BITS = 4  # a few hashes: the rule is what is tested, not the cost


@dataclass
class Desk:
    now: datetime = datetime(2026, 3, 19, 10, 0, tzinfo=BOGOTA)  # a Thursday before San José (23 March)
    store: FakePqrsStore = field(default_factory=FakePqrsStore)
    directory: FakeAffiliateDirectory = field(default_factory=FakeAffiliateDirectory)
    mailer: FakeMailer = field(default_factory=FakeMailer)
    audit: FakeAudit = field(default_factory=FakeAudit)
    counters: FakeCounters = field(default_factory=FakeCounters)

    def clock(self) -> datetime:
        return self.now

    @property
    def affiliates(self) -> AffiliatePqrsService:
        return AffiliatePqrsService(self.store, self.directory, self.mailer, PORTAL, self.clock)

    @property
    def operators(self) -> PqrsDesk:
        return PqrsDesk(self.store, self.directory, self.mailer, self.audit, PORTAL, self.clock)

    @property
    def throttle(self) -> Throttle:
        return Throttle(self.counters, lambda: b"k" * 32)

    @property
    def proof(self) -> ProofOfWork:
        return ProofOfWork(self.throttle, bits=POW_BITS, ttl_seconds=600, clock=lambda: int(self.now.timestamp()))

    @property
    def contact(self) -> ContactService:
        return ContactService(self.store, self.proof, self.throttle, self.mailer, PORTAL, self.clock)


@pytest.fixture
def desk(no_aws) -> Desk:
    d = Desk()
    d.directory.add(affiliate("CC", "1032456789"))
    d.directory.add(affiliate("CC", "66900111", primer_nombre="MARTA",
                              contact=Contact(correo="marta@correo.example.co")))
    return d


@pytest.fixture
def no_aws(monkeypatch):
    import botocore.endpoint

    def refuse(*args, **kwargs):
        raise AssertionError("a PQRS service unit test reached AWS")

    monkeypatch.setattr(botocore.endpoint.Endpoint, "make_request", refuse)
