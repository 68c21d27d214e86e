"""requests_repository.py against DynamoDB (moto, provisioned from infra/resources.yml): the same rules the fake
store keeps — a decision taken once, one IPS change in process per person, an email link that works once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.affiliates.request_types import (
    Decision,
    EmailChange,
    IpsChangeRequest,
    IpsChangeState,
    IpsKey,
    SupportState,
    SupportSubmission,
)
from chalicelib.affiliates.requests_repository import AffiliateRequestRepository
from chalicelib.affiliates.types import Contact

AT = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
DECISION = Decision(by="CC#79000111", at=AT, motivo="Ilegible")


@pytest.fixture
def store(aws):
    return AffiliateRequestRepository()


def support(n: int, affiliate: str = "TI#1107000111") -> SupportSubmission:
    return SupportSubmission(
        submission_id=f"s{n}", batch_id="b1", affiliate=affiliate, submitted_by="CC#1032456789",
        tipo_soporte="TARJETA DE IDENTIDAD", filename="ti.pdf", content_type="application/pdf", size=1234,
        file_key=f"b1/s{n}.pdf", state=SupportState.RECIBIDO, submitted_at=AT + timedelta(minutes=n))


def ips_change(request_id: str, affiliate: str = "CC#1032456789") -> IpsChangeRequest:
    return IpsChangeRequest(
        request_id=request_id, affiliate=affiliate, requested_by="CC#1032456789",
        current=IpsKey("900123456", "001"), desired=IpsKey("800111222", "010"), desired_name="IPS NORTE",
        motivo_cambio="Otro", contact=Contact(celular="3104567890", ciudad_residencia="Cali"),
        state=IpsChangeState.EN_TRAMITE, created_at=AT)


def test_supports_round_trip_and_are_decided_once(store):
    store.add_supports([support(1), support(2), support(3, "CC#1032456789")])
    assert store.support("s1") == support(1)
    assert {s.submission_id for s in store.supports_of(["TI#1107000111"])} == {"s1", "s2"}
    first = store.supports_in(SupportState.RECIBIDO, limit=2, cursor=None)
    rest = store.supports_in(SupportState.RECIBIDO, limit=2, cursor=first.cursor)
    assert [s.submission_id for s in first.items + rest.items] == ["s1", "s2", "s3"] and rest.cursor is None
    assert store.decide_support("s1", SupportState.DEVUELTO, DECISION)
    assert not store.decide_support("s1", SupportState.ACEPTADO, DECISION)
    decided = store.support("s1")
    assert (decided.state, decided.decision) == (SupportState.DEVUELTO, DECISION)
    assert [s.submission_id for s in store.supports_in(SupportState.DEVUELTO, limit=5, cursor=None).items] == ["s1"]


def test_one_ips_change_in_process_per_person(store):
    assert store.open_ips_change(ips_change("r1"))
    assert not store.open_ips_change(ips_change("r2"))
    assert store.open_ips_change(ips_change("r3", affiliate="TI#1107000111"))
    assert store.ips_change("r1") == ips_change("r1") and store.ips_change("r2") is None
    assert [r.request_id for r in store.ips_changes_of(["CC#1032456789"])] == ["r1"]
    assert store.decide_ips_change("r1", IpsChangeState.APROBADA, Decision("CC#79000111", AT, None))
    assert not store.decide_ips_change("r1", IpsChangeState.RECHAZADA, DECISION)
    assert store.open_ips_change(ips_change("r4"))
    queue = store.ips_changes_in(IpsChangeState.EN_TRAMITE, limit=10, cursor=None).items
    assert {r.request_id for r in queue} == {"r3", "r4"}


def test_an_email_change_is_taken_once_and_only_while_live(store):
    change = EmailChange(code_hash="h1", requested_by="CC#1032456789", identities=("CC#1032456789", "RC#1"),
                         correo="nuevo@ejemplo.co", expires_at=2_000)
    store.add_email_change(change)
    store.add_email_change(EmailChange("h2", "CC#1", ("CC#1",), "x@ejemplo.co", 2_000))
    assert store.take_email_change("h2", now=2_000) is None  # expired (TTL deletes it late)
    assert store.take_email_change("h1", now=1_999) == change
    assert store.take_email_change("h1", now=1_999) is None
