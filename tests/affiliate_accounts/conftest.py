"""The affiliate account services built as wiring.py builds them, on in-memory fakes; any AWS request fails."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from chalicelib.accounts.throttling import Throttle
from chalicelib.affiliate_accounts.account import AffiliateAccountService
from chalicelib.affiliate_accounts.challenge import ProofOfWork
from chalicelib.affiliate_accounts.principal import AUDIENCE
from chalicelib.affiliate_accounts.registration import AffiliateRegistrationService
from chalicelib.affiliate_accounts.sessions import AffiliateSessionService
from chalicelib.affiliate_accounts.tickets import Tickets
from chalicelib.security.tokens import TokenService
from tests.affiliate_accounts.fakes import FakeAffiliateAccounts, MiniDirectory, affiliate
from tests.unit.accounts.conftest import no_aws  # noqa: F401  (autouse: no AWS in these tests)
from tests.unit.accounts.fakes import KEY, NOW, Clock, FakeAccountRepository, FakeCounters, FakeOutbox, FakeTrail

BITS = 8  # a light proof of work: these tests check the rules, not the cost
TODAY = date(2026, 3, 2)


@dataclass
class Affiliates:
    directory: MiniDirectory
    accounts: FakeAffiliateAccounts
    counters: FakeCounters
    revocations: FakeAccountRepository
    trail: FakeTrail
    mailer: FakeOutbox
    clock: Clock
    background: list
    proof: ProofOfWork
    registration: AffiliateRegistrationService
    sessions: AffiliateSessionService
    account: AffiliateAccountService

    def run_background(self) -> None:
        while self.background:
            payload = self.background.pop(0)
            assert payload["accion"] == "recuperar-afiliado"
            self.account.complete_recovery(payload["identity"], payload["source_ip"])


@pytest.fixture
def svc() -> Affiliates:
    directory = MiniDirectory(affiliate())
    accounts, counters, trail, mailer = FakeAffiliateAccounts(), FakeCounters(), FakeTrail(), FakeOutbox()
    clock = Clock()
    revocations = FakeAccountRepository()
    background: list = []
    throttle = Throttle(counters, lambda: KEY)
    proof = ProofOfWork(throttle, bits=BITS, ttl_seconds=600, clock=clock)
    tickets = Tickets(lambda: KEY, ttl_seconds=900, clock=clock)
    tokens = TokenService(lambda: KEY, issuer="test", audience=AUDIENCE, ttl_seconds=900)
    registration = AffiliateRegistrationService(directory, accounts, throttle, proof, tickets, lambda: KEY, mailer,
                                                trail, "https://portal.example.co", clock=clock, now=lambda: NOW,
                                                today=lambda: TODAY)
    sessions = AffiliateSessionService(accounts, revocations, throttle, tokens, trail, clock=clock, now=lambda: NOW)
    account = AffiliateAccountService(accounts, directory, throttle, mailer, trail, "https://portal.example.co",
                                      clock=clock, background=background.append, now=lambda: NOW)
    return Affiliates(directory, accounts, counters, revocations, trail, mailer, clock, background, proof,
                      registration, sessions, account)
