"""Account services built as wiring.py builds them, but on in-memory fakes; any AWS request fails the test."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from chalicelib.accounts.devices import DeviceCookies
from chalicelib.accounts.invitations import InvitationService
from chalicelib.accounts.my_account import MyAccountService
from chalicelib.accounts.registration import RegistrationService
from chalicelib.accounts.sessions import SessionService
from chalicelib.accounts.throttling import Throttle
from chalicelib.accounts.unlock import UnlockService
from chalicelib.accounts.users import UserAdminService
from chalicelib.security.tokens import TokenService
from tests.unit.accounts.fakes import (
    KEY,
    NOW,
    Clock,
    FakeAccountRepository,
    FakeCounters,
    FakeOutbox,
    FakeTrail,
)


@pytest.fixture(autouse=True)
def no_aws(monkeypatch):
    """No moto, no AWS: a request leaving through botocore is a failure of the test."""
    import botocore.endpoint

    def refuse(*args, **kwargs):
        raise AssertionError("an account service unit test reached AWS")

    monkeypatch.setattr(botocore.endpoint.Endpoint, "make_request", refuse)


@dataclass
class Accounts:
    repo: FakeAccountRepository
    counters: FakeCounters
    trail: FakeTrail
    mailer: FakeOutbox  # the outbox the services send through
    clock: Clock
    background: list
    sessions: SessionService
    my_account: MyAccountService
    unlock: UnlockService
    users: UserAdminService
    invitations: InvitationService
    registration: RegistrationService

    def run_background(self) -> None:
        """What the asynchronous function does with each payload the services handed it."""
        while self.background:
            payload = self.background.pop(0)
            if payload.get("accion") == "desbloqueo":
                self.unlock.complete(payload["person_id"], payload["source_ip"])
            else:
                self.my_account.complete_recovery(payload["person_id"], payload["source_ip"])


@pytest.fixture
def accounts() -> Accounts:
    repo, counters, trail, mailer, clock, background = (FakeAccountRepository(), FakeCounters(), FakeTrail(),
                                                        FakeOutbox(), Clock(), [])
    throttle = Throttle(counters, lambda: KEY)
    devices = DeviceCookies(lambda: b"d" * 32)
    tokens = TokenService(lambda: KEY, issuer="test", audience="test", ttl_seconds=1800)
    url = "https://portal.example.co"
    return Accounts(
        repo, counters, trail, mailer, clock, background,
        sessions=SessionService(repo, throttle, devices, tokens, trail, clock=clock, now=lambda: NOW),
        my_account=MyAccountService(repo, throttle, mailer, trail, url, clock=clock, background=background.append,
                                    now=lambda: NOW),
        unlock=UnlockService(repo, throttle, devices, mailer, trail, url, clock=clock, background=background.append),
        users=UserAdminService(repo, mailer, trail, url, now=lambda: NOW),
        invitations=InvitationService(repo, trail, now=lambda: NOW),
        registration=RegistrationService(repo, throttle, mailer, trail, url, clock=clock, now=lambda: NOW),
    )
