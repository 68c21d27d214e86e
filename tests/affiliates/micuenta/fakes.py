"""In-memory stand-ins of what Mi cuenta's services are handed besides the directory (tests/affiliates/fakes.py):
the requests store (same conditional rules as requests_repository.py), the support files, the mailer, the audit
trail; and the services built as wiring.py builds them, on a clock the test sets."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

from chalicelib.accounts.permissions import Principal, Role
from chalicelib.affiliates.documents import DocumentsService
from chalicelib.affiliates.home import HomeService
from chalicelib.affiliates.household import Households
from chalicelib.affiliates.ips_change import IpsChangeService
from chalicelib.affiliates.novedades import is_pending
from chalicelib.affiliates.novedades_export import NovedadesExport
from chalicelib.affiliates.operator_queues import IpsChangeQueueService, SupportQueueService
from chalicelib.affiliates.personal_data import Clocks, PersonalDataService
from chalicelib.affiliates.request_types import (
    Decision,
    EmailChange,
    IpsChangeRequest,
    IpsChangeState,
    SupportState,
    SupportSubmission,
)
from chalicelib.affiliates.types import AffiliatePrincipal, PendingNovedad, TipoAfiliado
from chalicelib.common.clock import BOGOTA
from chalicelib.common.pagination import Page
from tests.affiliates.fakes import FakeAffiliateDirectory, affiliate

PORTAL = "https://oficina.example.co"
OPERATOR = Principal(person_id="CC#79000111", provider_id="EPS#OPERACIONES", role=Role.OPERADOR,
                     menus=frozenset(), session_id="s-op", must_change_password=False)


def caller(person) -> AffiliatePrincipal:
    return AffiliatePrincipal(identity=person.identity, session_id="s-1", must_change_password=False)


def beneficiary(doc_type: str, number: str, born: date, name: str, **overrides):
    return affiliate(doc_type, number, primer_nombre=name, segundo_nombre=None, fecha_nacimiento=born,
                     tipo_afiliado=TipoAfiliado.BENEFICIARIO, estado_afiliacion="VIGENTE", **overrides)


class ExportableDirectory(FakeAffiliateDirectory):
    """The fake directory with the port's `every_pending` (the operators' export)."""

    def every_pending(self) -> Iterator[PendingNovedad]:
        for novedad in self.recorded:
            for identity in novedad["identities"]:
                person = self.affiliates.get(identity)
                if is_pending(novedad["at"], person.extract_date if person else None):
                    yield PendingNovedad(novedad["id"], identity, novedad["at"], novedad["channel"],
                                         novedad["contact"])


def _page(items: list, limit: int, cursor: str | None) -> Page:
    start = int(cursor or 0)
    rest = items[start:start + limit]
    return Page(rest, str(start + limit) if start + limit < len(items) else None)


class FakeAffiliateRequests:
    def __init__(self):
        self.supports: dict[str, SupportSubmission] = {}
        self.ips_changes: dict[str, IpsChangeRequest] = {}
        self.open_by_person: dict[str, str] = {}
        self.email_changes: dict[str, EmailChange] = {}

    def add_supports(self, submissions):
        for submission in submissions:
            assert submission.submission_id not in self.supports
            self.supports[submission.submission_id] = submission

    def supports_of(self, identities):
        wanted = set(identities)
        return [s for s in self.supports.values() if s.affiliate in wanted]

    def support(self, submission_id):
        return self.supports.get(submission_id)

    def supports_in(self, state, *, limit, cursor):
        found = sorted((s for s in self.supports.values() if s.state is state), key=lambda s: s.submitted_at)
        return _page(found, limit, cursor)

    def decide_support(self, submission_id, state: SupportState, decision: Decision) -> bool:
        current = self.supports[submission_id]
        if current.state is not SupportState.RECIBIDO:
            return False
        self.supports[submission_id] = replace(current, state=state, decision=decision)
        return True

    def open_ips_change(self, request: IpsChangeRequest) -> bool:
        if request.affiliate in self.open_by_person:
            return False
        self.open_by_person[request.affiliate] = request.request_id
        self.ips_changes[request.request_id] = request
        return True

    def ips_changes_of(self, identities):
        wanted = set(identities)
        return [r for r in self.ips_changes.values() if r.affiliate in wanted]

    def ips_change(self, request_id):
        return self.ips_changes.get(request_id)

    def ips_changes_in(self, state, *, limit, cursor):
        found = sorted((r for r in self.ips_changes.values() if r.state is state), key=lambda r: r.created_at)
        return _page(found, limit, cursor)

    def decide_ips_change(self, request_id, state: IpsChangeState, decision: Decision) -> bool:
        current = self.ips_changes[request_id]
        if current.state is not IpsChangeState.EN_TRAMITE:
            return False
        self.ips_changes[request_id] = replace(current, state=state, decision=decision)
        del self.open_by_person[current.affiliate]
        return True

    def add_email_change(self, change: EmailChange) -> None:
        self.email_changes[change.code_hash] = change

    def take_email_change(self, code_hash: str, now: int):
        change = self.email_changes.pop(code_hash, None)
        return change if change is not None and change.expires_at > now else None


class FakeSupportFiles:
    def __init__(self):
        self.stored: dict[str, tuple[bytes, str]] = {}

    def put(self, key, data, content_type):
        self.stored[key] = (data, content_type)

    def link(self, key, filename):
        return f"https://bucket.example/{key}?name={filename}"


class FakeMailer:
    def __init__(self):
        self.sent = []

    def send(self, email):
        self.sent.append(email)


class FakeAudit:
    def __init__(self):
        self.events = []

    def record(self, event, **values):
        self.events.append((event, values))


class FakeDownloads:
    expires_seconds = 900

    def __init__(self):
        self.published = {}

    def publish(self, key, file, filename, content_type):
        self.published[key] = file.read()
        return f"https://bucket.example/{key}"


@dataclass
class MiCuenta:
    """Every Mi cuenta service on the same fakes; `today` (Bogotá) and `now` move together."""

    directory: ExportableDirectory = field(default_factory=ExportableDirectory)
    requests: FakeAffiliateRequests = field(default_factory=FakeAffiliateRequests)
    files: FakeSupportFiles = field(default_factory=FakeSupportFiles)
    mailer: FakeMailer = field(default_factory=FakeMailer)
    audit: FakeAudit = field(default_factory=FakeAudit)
    downloads: FakeDownloads = field(default_factory=FakeDownloads)
    now: datetime = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)

    def __post_init__(self):
        ids = itertools.count(1)
        new_id = lambda: f"id{next(ids):04d}"  # noqa: E731
        codes = itertools.count(1)
        clock = lambda: self.now  # noqa: E731
        households = Households(self.directory, self.directory, self.today)
        self.households = households
        self.home = HomeService(self.directory, households)
        self.personal_data = PersonalDataService(
            households, self.directory, self.requests, self.mailer, PORTAL,
            Clocks(now=clock, epoch=lambda: int(self.now.timestamp())), new_code=lambda: f"code-{next(codes)}")
        self.documents = DocumentsService(self.directory, households, self.requests, self.files, self.mailer, PORTAL,
                                          clock, new_id)
        self.ips_change = IpsChangeService(self.directory, households, self.requests, self.mailer, PORTAL, clock,
                                           new_id)
        self.support_queue = SupportQueueService(self.directory, self.requests, self.files, self.mailer, self.audit,
                                                 PORTAL, clock)
        self.ips_queue = IpsChangeQueueService(self.directory, self.requests, self.mailer, self.audit, PORTAL, clock)
        self.export = NovedadesExport(self.directory, self.directory, self.downloads, self.audit, clock, new_id)

    def today(self) -> date:
        return self.now.astimezone(BOGOTA).date()
