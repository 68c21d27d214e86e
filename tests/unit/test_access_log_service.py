"""Access log entries on an in-memory store: who, what (hashed unless declared safe), when, where, how many."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chalicelib.access_log.repository import AccessEntry
from chalicelib.access_log.service import HASH_PREFIX, AccessLogService, ReadLog
from chalicelib.accounts.permissions import Menu, Principal, Role
from chalicelib.common.errors import InvalidInput
from chalicelib.common.pagination import Page

DELEGATE = Principal(person_id="CC#79000001", provider_id="NI#900123456", role=Role.DELEGADO,
                     menus=frozenset({Menu.PAGOS}), session_id="s1", must_change_password=False)


class FakeStore:
    def __init__(self):
        self.records = []

    def add(self, entry):
        assert isinstance(entry, AccessEntry)  # a frozen value, never a record
        self.records.append(entry)

    def of_provider(self, provider_id, *, limit, cursor):
        return Page([r for r in reversed(self.records) if r.provider_id == provider_id][:limit], None)

    def of_day(self, day, *, limit, cursor):
        return Page([r for r in reversed(self.records) if r.day == day][:limit], None)


@pytest.fixture
def store():
    return FakeStore()


@pytest.fixture
def service(store):
    # 03:30 UTC is still the previous day in Bogotá (UTC-5).
    return AccessLogService(store, b"k" * 32, clock=lambda: datetime(2026, 12, 2, 3, 30, tzinfo=UTC),
                            new_id=lambda: "id1")


def test_entry_records_who_what_when_where_how_many(service, store):
    service.record(DELEGATE, ReadLog(clear=("numero_pago",)), method="GET", route="/pagos/{numero_pago}",
                   params={"numero_pago": "30011", "documento": "1032456789", "vacio": ""}, status=200, records=1,
                   source_ip="190.24.1.9")
    (entry,) = store.records
    assert (entry.provider_id, entry.person_id, entry.role) == ("NI#900123456", "CC#79000001", "DELEGADO")
    assert (entry.method, entry.route, entry.status, entry.records, entry.source_ip) == (
        "GET", "/pagos/{numero_pago}", 200, 1, "190.24.1.9")
    assert (entry.day, entry.at) == ("2026-12-01", "2026-12-01T22:30:00-05:00")
    assert entry.entry_key == "2026-12-02T03:30:00+00:00#id1"
    assert entry.params["numero_pago"] == "30011"
    assert entry.params["documento"].startswith(HASH_PREFIX) and "1032456789" not in entry.params["documento"]
    assert entry.params["documento"] == service.pseudonym("1032456789")  # the same value, the same hash
    assert "vacio" not in entry.params
    assert entry.expires_at - int(datetime(2026, 12, 2, 3, 30, tzinfo=UTC).timestamp()) == 5 * 366 * 86400


def test_listing_by_provider_and_by_day(service):
    service.record(DELEGATE, ReadLog(), method="GET", route="/pagos", params={}, status=200, records=7,
                   source_ip="1.1.1.1")
    page = service.of_provider("NI#900123456", limit=10, cursor=None)
    assert [(e.persona, e.registros, e.ruta) for e in page.accesos] == [("CC#79000001", 7, "/pagos")]
    assert service.of_provider("NI#800987654", limit=10, cursor=None).accesos == []
    assert len(service.for_operator({}, 10, None).accesos) == 1  # today in Bogotá: 2026-12-01
    assert service.for_operator({"fecha": "2026-12-02"}, 10, None).accesos == []
    assert len(service.for_operator({"prestador": "NI-900123456"}, 10, None).accesos) == 1
    for params in ({"fecha": "2026-13-01"}, {"fecha": "20261201"}, {"prestador": "NI#900123456"}):
        with pytest.raises(InvalidInput):
            service.for_operator(params, 10, None)
