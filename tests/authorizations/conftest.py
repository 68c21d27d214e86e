"""The authorisations' services on in-memory fakes (no AWS), and the moto-backed loads for the repository tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pytest

from chalicelib.affiliates.household import Households
from chalicelib.affiliates.types import Affiliate
from chalicelib.authorizations.ledger import OfficeCopays, OpsLedger
from chalicelib.authorizations.service import AuthorizationsService
from chalicelib.pdf.issuer import InMemoryIssuedRegistry, PdfIssuer
from chalicelib.pdf.render import Letterhead
from tests.affiliates.fakes import FakeAffiliateDirectory, affiliate, ips_site
from tests.affiliates.micuenta.fakes import beneficiary
from tests.authorizations.fakes import FakeOpsStore, FakePaymentStates, FakePresolicitudes

TODAY = date(2026, 3, 10)
NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)


@dataclass
class Office:
    directory: FakeAffiliateDirectory = field(default_factory=FakeAffiliateDirectory)
    store: FakeOpsStore = field(default_factory=FakeOpsStore)
    presolicitudes: FakePresolicitudes = field(default_factory=FakePresolicitudes)
    payments: FakePaymentStates = field(default_factory=FakePaymentStates)
    registry: InMemoryIssuedRegistry = field(default_factory=InMemoryIssuedRegistry)
    today: date = TODAY
    people: dict[str, Affiliate] = field(default_factory=dict)

    def service(self) -> AuthorizationsService:
        issuer = PdfIssuer(Letterhead("EPS-SOS", "805001157-2", "https://oficina.example/portal/#/verificacion"),
                           self.registry, lambda: NOW)
        return AuthorizationsService(self.directory, Households(self.directory, self.directory, lambda: self.today),
                                     self.store, self.presolicitudes, self.payments, issuer, lambda: self.today)

    def ledger(self) -> OpsLedger:
        return OpsLedger(self.directory, self.store)

    def office_copays(self) -> OfficeCopays:
        return OfficeCopays(self.directory, self.store)


@pytest.fixture
def no_aws(monkeypatch):
    import botocore.endpoint

    def refuse(*args, **kwargs):
        raise AssertionError("an authorisations unit test reached AWS")

    monkeypatch.setattr(botocore.endpoint.Endpoint, "make_request", refuse)


@pytest.fixture
def office(no_aws) -> Office:
    """A cotizante, his minor daughter, his adult son (his own account only) and a stranger."""
    o = Office()
    d = o.directory
    d.add_site(ips_site())
    me = d.add(affiliate("CC", "1032456789"))
    sofia = d.add(beneficiary("TI", "1107000111", date(2012, 5, 2), "SOFIA"))
    adult = d.add(beneficiary("CC", "1107000333", date(2004, 1, 15), "ANDRES"))
    stranger = d.add(affiliate("CC", "52123456", primer_nombre="ANA"))
    d.link(me, sofia, "HIJO")
    d.link(me, adult, "HIJO")
    o.people = {"me": me, "sofia": sofia, "adult": adult, "stranger": stranger}
    return o
