"""In-memory stand-ins of what the certificates are handed: FIN's data (PbsDebts, PbsHistory, PacPayments), the
registry of issued PDFs with verification's lookups, and the service built as wiring.py builds it."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from chalicelib.affiliates.household import Households
from chalicelib.certificates.builders import Eps
from chalicelib.certificates.service import CertificateService, Sources
from chalicelib.common.clock import BOGOTA
from chalicelib.pdf.issuer import IssuedRecord, PdfIssuer
from chalicelib.pdf.render import Letterhead
from tests.affiliates.fakes import FakeAffiliateDirectory
from tests.affiliates.micuenta.fakes import FakeMailer

EPS = Eps("EPS-SOS", "805001157-2")
PORTAL = "https://oficina.example.co"
VERIFY_URL = PORTAL + "/portal/#/verificar"
NOW = datetime(2026, 3, 10, 9, 30, tzinfo=BOGOTA)


class FakeFinance:
    """cartera_pbs (periods owed and paid) and pagos_pac, per identity."""

    def __init__(self):
        self.owed: dict[str, list[tuple[str, int]]] = defaultdict(list)
        self.paid: dict[str, list[tuple[str, int]]] = defaultdict(list)
        self.pac: dict[str, list[tuple[date, str, str, int]]] = defaultdict(list)

    def owed_until(self, aportante_identity, year, month):
        return [(p, s) for p, s in self.owed[aportante_identity] if p <= f"{year:04d}-{month:02d}"]

    def paid_until(self, aportante_identity, year, month):
        return sorted((p, v) for p, v in self.paid[aportante_identity] if p <= f"{year:04d}-{month:02d}")

    def of_year(self, identity, year):
        return [row for row in self.pac[identity] if row[0].year == year]


class FakeIssuedDocuments:
    def __init__(self):
        self.records: dict[str, IssuedRecord] = {}

    def record(self, issued: IssuedRecord) -> None:
        assert issued.code not in self.records
        self.records[issued.code] = issued

    def by_code(self, code):
        return self.records.get(code)

    def by_sha256(self, digest):
        return next((r for r in self.records.values() if r.sha256 == digest), None)


class Certificates:
    def __init__(self, directory: FakeAffiliateDirectory | None = None):
        self.directory = directory or FakeAffiliateDirectory()
        self.finance = FakeFinance()
        self.registry = FakeIssuedDocuments()
        self.mailer = FakeMailer()
        self.now = NOW

    def service(self) -> CertificateService:
        households = Households(self.directory, self.directory, lambda: self.now.date())
        issuer = PdfIssuer(Letterhead(EPS.name, EPS.nit, VERIFY_URL), self.registry, lambda: self.now)
        sources = Sources(self.finance, self.finance, self.finance)
        return CertificateService(self.directory, households, issuer, sources, self.mailer, EPS, PORTAL,
                                  lambda: self.now)
