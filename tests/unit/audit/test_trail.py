"""The audit trail on an in-memory repository (no moto): what one event records, and the provider's events back."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import UTC, datetime

import pytest

from chalicelib.audit.repository import NO_PROVIDER, AuditEntry
from chalicelib.audit.trail import AuditEvent, AuditTrail
from chalicelib.common.pagination import Page


class FakeAuditRepository:
    def __init__(self):
        self.entries: list[AuditEntry] = []

    def add(self, entry: AuditEntry) -> None:
        assert isinstance(entry, AuditEntry)
        self.entries.append(entry)

    def of_provider(self, provider_id, *, limit, cursor):
        return Page([e for e in reversed(self.entries) if e.provider_id == provider_id][:limit], None)


@pytest.fixture
def trail():
    return AuditTrail(FakeAuditRepository(), now=lambda: datetime(2026, 12, 2, 3, 30, tzinfo=UTC), new_id=lambda: "e1")


def test_an_event_records_who_whom_where_and_when_in_bogota(trail):
    trail.record(AuditEvent.PERMISSIONS_CHANGED, provider_id="NI#900123456", actor_id="CC#1", subject_id="CC#2",
                 source_ip="190.24.1.9", details={"menus": "PAGOS"})
    (entry,) = trail.list_events("NI#900123456", limit=10).items
    assert (entry.event, entry.actor_id, entry.subject_id, entry.source_ip) == (
        "PERMISOS_MODIFICADOS", "CC#1", "CC#2", "190.24.1.9")
    assert (entry.event_key, entry.at) == ("2026-12-02T03:30:00+00:00#e1", "2026-12-01T22:30:00-05:00")
    assert entry.details.as_dict() == {"menus": "PAGOS"}
    with pytest.raises(FrozenInstanceError):
        entry.event = "otro"
    with pytest.raises(TypeError):
        entry.details["menus"] = "TODOS"  # read-only


def test_an_event_of_no_provider_is_kept_apart_and_without_details(trail):
    trail.record(AuditEvent.LOGIN_FAILED, provider_id=None, source_ip="1.1.1.1")
    assert trail.list_events("NI#900123456", limit=10).items == []
    (entry,) = trail.list_events(NO_PROVIDER, limit=10).items
    assert (entry.event, entry.actor_id, entry.details) == ("INGRESO_FALLIDO", None, None)
