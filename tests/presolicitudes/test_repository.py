"""presolicitudes_repository.py against DynamoDB (moto, provisioned from infra/resources.yml): the rules the fake store
keeps — a draft's files changed only at the version read, a presolicitud written once with its draft removed, taken
once, decided only by the operator who took it — and the sequence's numbers."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib import wiring
from chalicelib.authorizations.presolicitudes_repository import PresolicitudRepository
from chalicelib.authorizations.presolicitudes_types import (
    AttachedFile,
    Consent,
    Draft,
    OperatorAction,
    Presolicitud,
    PresolicitudState,
)

AT = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
ME, CHILD = "CC#1032456789", "TI#1107000111"
CONSENT = Consent(version="NJ-2020-04-27", accepted_at=AT, identity=ME)
FILE = AttachedFile("f1", "HISTORIA CLINICA VIGENTE", "hc.pdf", "application/pdf", 1234, "presolicitudes/d1/f1.pdf")
ORDER = AttachedFile("f2", "SOLICITUD MEDICA VIGENTE", "orden.jpg", "image/jpeg", 99, "presolicitudes/d1/f2.jpg")
OPERATOR = OperatorAction(by="CC#79000111", at=AT + timedelta(hours=1))
OTHER = OperatorAction(by="CC#79000222", at=AT + timedelta(hours=1))


@pytest.fixture
def store(aws):
    return PresolicitudRepository()


def draft(draft_id: str = "d1", files=()) -> Draft:
    return Draft(draft_id=draft_id, owner=ME, affiliate=CHILD, plan="PBS", consent=CONSENT, files=tuple(files),
                 created_at=AT, expires_at=int(AT.timestamp()) + 86_400)


def presolicitud(pid: str, draft_files=(FILE, ORDER), affiliate: str = CHILD, minutes: int = 0) -> Presolicitud:
    return Presolicitud(presolicitud_id=pid, numero=f"PS-2026-{pid[-6:]:0>6}", affiliate=affiliate,
                        requested_by=ME, plan="PBS", observaciones="", files=tuple(draft_files), consent=CONSENT,
                        state=PresolicitudState.RADICADA, created_at=AT + timedelta(minutes=minutes))


def test_consent_round_trip(store):
    assert store.consent_of(ME, CONSENT.version) is None
    store.record_consent(CONSENT)
    assert store.consent_of(ME, CONSENT.version) == CONSENT
    assert store.consent_of(ME, "NJ-OTRA") is None and store.consent_of(CHILD, CONSENT.version) is None


def test_a_drafts_files_change_only_at_the_version_read(store):
    store.add_draft(draft())
    assert store.draft("d1") == draft()
    assert store.replace_files("d1", (FILE,), 0)
    assert not store.replace_files("d1", (ORDER,), 0)  # a stale read: another change came first
    assert store.replace_files("d1", (FILE, ORDER), 1)
    assert store.draft("d1") == replace(draft(files=(FILE, ORDER)), version=2)
    assert store.draft("nope") is None and not store.replace_files("nope", (), 0)


def test_submitted_once_with_its_draft_removed(store):
    store.add_draft(draft(files=(FILE, ORDER)))
    assert store.submit(presolicitud("p000001"), "d1")
    assert store.draft("d1") is None and store.presolicitud("p000001") == presolicitud("p000001")
    store.add_draft(draft("d2"))
    assert not store.submit(presolicitud("p000001"), "d2")  # the same id (a second click)
    assert store.draft("d2") is not None
    assert not store.submit(presolicitud("p000002"), "d1")  # the draft was sent already
    assert store.presolicitud("p000002") is None


def test_queue_person_list_and_operator_actions(store):
    for n, affiliate in ((1, CHILD), (2, ME), (3, CHILD)):
        store.add_draft(draft(f"d{n}"))
        assert store.submit(presolicitud(f"p00000{n}", affiliate=affiliate, minutes=n), f"d{n}")
    first = store.in_state(PresolicitudState.RADICADA, limit=2, cursor=None)
    rest = store.in_state(PresolicitudState.RADICADA, limit=2, cursor=first.cursor)
    assert [p.presolicitud_id for p in first.items + rest.items] == ["p000001", "p000002", "p000003"]
    assert [p.presolicitud_id for p in store.of_affiliates([CHILD, CHILD])] == ["p000003", "p000001"]

    assert store.take("p000001", OPERATOR) and not store.take("p000001", OTHER)
    assert not store.decide("p000001", PresolicitudState.EN_PROCESO, OTHER, None)  # taken by another
    assert store.decide("p000001", PresolicitudState.DEVUELTA, OPERATOR, "documentos con más de 30 días calendario")
    assert not store.decide("p000001", PresolicitudState.EN_PROCESO, OPERATOR, None)
    returned = store.presolicitud("p000001")
    assert (returned.state, returned.taken, returned.decided, returned.observacion) == (
        PresolicitudState.DEVUELTA, OPERATOR, OPERATOR, "documentos con más de 30 días calendario")
    assert store.decide("p000002", PresolicitudState.EN_PROCESO, OTHER, None)  # straight from RADICADA
    assert not store.take("nope", OPERATOR)
    assert [p.presolicitud_id for p in store.in_state(PresolicitudState.RADICADA, limit=5, cursor=None).items] == [
        "p000003"]
    assert [p.presolicitud_id for p in store.in_state(PresolicitudState.DEVUELTA, limit=5, cursor=None).items] == [
        "p000001"]


def test_presolicitud_numbers_come_from_the_sequence(aws):
    numbers = wiring.sequences()
    assert [numbers.next_number("presolicitudes-2026") for _ in range(3)] == [1, 2, 3]
    assert numbers.next_number("presolicitudes-2027") == 1
