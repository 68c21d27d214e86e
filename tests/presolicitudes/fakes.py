"""In-memory stand-ins of what Registrar mi Solicitud's services are handed besides the directory and the mailer
(tests/affiliates/micuenta/fakes.py): the store (same conditional rules as presolicitudes_repository.py), the file
storage and the number sequence; and the services built as wiring.py builds them, on a clock the test sets."""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from chalicelib.affiliates.household import Households
from chalicelib.authorizations.presolicitudes_queue import PresolicitudQueueService
from chalicelib.authorizations.presolicitudes_reader import PresolicitudReader
from chalicelib.authorizations.presolicitudes_service import PresolicitudService
from chalicelib.authorizations.presolicitudes_types import Draft, Presolicitud, PresolicitudState
from chalicelib.common.clock import BOGOTA
from tests.affiliates.micuenta.fakes import PORTAL, ExportableDirectory, FakeAudit, FakeMailer, _page

PDF = b"%PDF-1.7\n" + b"x" * 300
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 300
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 300
EXECUTABLE = b"MZ\x90\x00" + b"\x00" * 300  # a Windows program, whatever its name says
LINK_SECONDS = 120


class FakePresolicitudStore:
    def __init__(self):
        self.consents = {}
        self.drafts: dict[str, Draft] = {}
        self.presolicitudes: dict[str, Presolicitud] = {}
        self.stale_writes = 0  # replace_files refused this many times first (a concurrent upload)

    def record_consent(self, consent):
        self.consents[(consent.identity, consent.version)] = consent

    def consent_of(self, identity, version):
        return self.consents.get((identity, version))

    def add_draft(self, draft):
        assert draft.draft_id not in self.drafts
        self.drafts[draft.draft_id] = draft

    def draft(self, draft_id):
        return self.drafts.get(draft_id)

    def replace_files(self, draft_id, files, expected_version):
        current = self.drafts.get(draft_id)
        if self.stale_writes:
            self.stale_writes -= 1
            return False
        if current is None or current.version != expected_version:
            return False
        self.drafts[draft_id] = replace(current, files=files, version=expected_version + 1)
        return True

    def submit(self, presolicitud, draft_id):
        draft = self.drafts.get(draft_id)
        if presolicitud.presolicitud_id in self.presolicitudes or draft is None \
                or draft.owner != presolicitud.requested_by:
            return False
        self.presolicitudes[presolicitud.presolicitud_id] = presolicitud
        del self.drafts[draft_id]
        return True

    def presolicitud(self, presolicitud_id):
        return self.presolicitudes.get(presolicitud_id)

    def in_state(self, state, *, limit, cursor):
        found = sorted((p for p in self.presolicitudes.values() if p.state is state), key=lambda p: p.created_at)
        return _page(found, limit, cursor)

    def of_affiliates(self, identities):
        wanted = set(identities)
        return [p for p in self.presolicitudes.values() if p.affiliate in wanted]

    def take(self, presolicitud_id, action):
        current = self.presolicitudes.get(presolicitud_id)
        if current is None or current.state is not PresolicitudState.RADICADA:
            return False
        self.presolicitudes[presolicitud_id] = replace(current, state=PresolicitudState.EN_REVISION, taken=action)
        return True

    def decide(self, presolicitud_id, state, action, observacion):
        current = self.presolicitudes.get(presolicitud_id)
        if current is None or not (current.state is PresolicitudState.RADICADA or (
                current.state is PresolicitudState.EN_REVISION and current.taken.by == action.by)):
            return False
        self.presolicitudes[presolicitud_id] = replace(current, state=state, decided=action,
                                                       observacion=observacion or current.observacion)
        return True


class FakeFiles:
    def __init__(self):
        self.stored: dict[str, tuple[bytes, str]] = {}

    def put(self, key, data, content_type):
        self.stored[key] = (data, content_type)

    def delete(self, key):
        self.stored.pop(key, None)

    def link(self, key, filename):
        return f"https://bucket.example/{key}?name={filename}"


class FakeNumbers:
    def __init__(self):
        self.taken: Counter[str] = Counter()

    def next_number(self, name):
        self.taken[name] += 1
        return self.taken[name]


@dataclass
class Presolicitudes:
    """The affiliate's service, the operators' queue and the reader on the same fakes."""

    directory: ExportableDirectory
    store: FakePresolicitudStore = field(default_factory=FakePresolicitudStore)
    files: FakeFiles = field(default_factory=FakeFiles)
    numbers: FakeNumbers = field(default_factory=FakeNumbers)
    mailer: FakeMailer = field(default_factory=FakeMailer)
    audit: FakeAudit = field(default_factory=FakeAudit)
    now: datetime = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)

    def __post_init__(self):
        ids = itertools.count(1)
        clock = lambda: self.now  # noqa: E731
        households = Households(self.directory, self.directory, lambda: self.now.astimezone(BOGOTA).date())
        self.service = PresolicitudService(self.directory, households, self.store, self.files, self.numbers,
                                           self.mailer, PORTAL, clock, lambda: f"id{next(ids):04d}")
        self.queue = PresolicitudQueueService(self.directory, self.store, self.files, LINK_SECONDS, self.mailer,
                                              self.audit, PORTAL, clock)
        self.reader = PresolicitudReader(self.directory, self.store)
