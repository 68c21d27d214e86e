"""A provider's stored glosa details view (chalicelib/glosas/detail_view.py): built by ingestion's derive after a
glosas load, read by a response load only while no write of the provider's details came after it was built; missing
or stale, the load reads the tables — and either way it matches the same details (moto)."""

from __future__ import annotations

import io

import pytest

from chalicelib.glosas.detail_view import GlosaDetailViews, GlosaViewStore
from chalicelib.glosas.repository import GlosaRepository
from chalicelib.ingest import service
from chalicelib.providers.repository import existing_providers
from chalicelib.spreadsheets import read_rows
from tests import factories
from tests.glosas.data import extract, row

PROVIDER = "NI#900123456"
CONCILIATIONS = ["50001", "50002", "50003"]  # 50003 has no details


def typed_rows(*lines: list[str]) -> list[dict]:
    """The extract's rows as ingestion's validate types them (what put_batch and derive receive)."""
    written: list = []
    rows = read_rows(io.BytesIO(extract(*lines)), "glosas.csv", service.columns_of("glosas"))
    result = service.validate("glosas", rows, existing_providers, sink=written.extend)
    assert result.rejected == [], result.rejected
    return written


FIRST = (row(sufijo="100", detail="1"), row(sufijo="100", detail="2", accepted="9600", observation="Se acepta"),
         row(sufijo="101", detail="1", conciliation="50002", glosa="5000"))


class _Store(GlosaViewStore):
    """The real store, with `during_put` run once inside the next put: a load arriving while a view is built."""

    def __init__(self):
        super().__init__()
        self.during_put = None

    def put(self, provider_id, generation, view):
        interleaved, self.during_put = self.during_put, None
        if interleaved:
            interleaved()
        super().put(provider_id, generation, view)


@pytest.fixture
def store(aws) -> _Store:
    factories.provider()  # the extract's rows name a registered provider
    return _Store()


def load(lines, store: GlosaViewStore | None = None, derive: bool = True) -> None:
    """A glosas load as ingestion runs it: write, then derive (totals, cartera view, glosa details view)."""
    rows = typed_rows(*lines)
    service.write("glosas", rows)
    if derive:
        from chalicelib.ingest.derive import derive_glosa_totals
        derive_glosa_totals(rows, detail_views=GlosaDetailViews(GlosaRepository(), store or GlosaViewStore()))


def matched(store: GlosaViewStore) -> tuple[list, dict]:
    views = GlosaDetailViews(GlosaRepository(), store)
    return sorted(views.matching_details(PROVIDER, CONCILIATIONS), key=lambda pair: pair[1].detail_key), \
        dict(views.requests)


def from_tables() -> list:
    return sorted(((c, d) for c in CONCILIATIONS for d in GlosaRepository().matching_details(PROVIDER, c)),
                  key=lambda pair: pair[1].detail_key)


def test_a_fresh_view_is_read_instead_of_the_tables_and_says_what_they_say(store):
    load(FIRST, store)
    details, requests = matched(store)
    assert requests == {"GetItem": 1, "GetObject": 1}
    assert details == from_tables()
    assert [(c, d.detail_key, d.numero_factura, d.valor_glosa_aplicada, d.answered_in_extract) for c, d in details] == [
        ("50001", "50001#FE#100#1", "FE100", 9600, False), ("50001", "50001#FE#100#2", "FE100", 9600, True),
        ("50002", "50002#FE#101#1", "FE101", 5000, False)]


def test_without_a_stored_view_the_tables_are_read(store):
    load(FIRST, derive=False)  # written, never derived
    details, requests = matched(store)
    assert requests == {"GetItem": 1}
    assert details == from_tables() and len(details) == 3


def test_a_load_after_the_view_was_built_sends_the_reads_to_the_tables_until_its_derive(store):
    load(FIRST, store)
    load([row(sufijo="102", detail="1", glosa="7000")], derive=False)  # a chunk written; its derive not run yet
    details, requests = matched(store)
    assert "GetObject" not in requests and "50001#FE#102#1" in {d.detail_key for _, d in details}
    load([row(sufijo="102", detail="1", glosa="7000")], store)
    again, requests = matched(store)
    assert requests["GetObject"] == 1 and again == details == from_tables()


def test_a_load_written_while_a_view_is_built_keeps_that_view_unused(store):
    load(FIRST, store)
    store.during_put = lambda: load([row(sufijo="103", detail="1", conciliation="50003")], derive=False)
    load([row(sufijo="100", detail="1", glosa="9000")], store)  # its view misses 50003's detail
    details, requests = matched(store)
    assert "GetObject" not in requests and "50003#FE#103#1" in {d.detail_key for _, d in details}
    assert details == from_tables()


def test_the_marks_are_outside_the_providers_partition(store):
    load(FIRST, store)
    assert {d.detail_key for d in GlosaRepository().details_of_conciliation(PROVIDER, "50001")} == {
        "50001#FE#100#1", "50001#FE#100#2"}
    keys = {item["detail_key"]["S"] for items, _ in GlosaRepository().detail_pages(PROVIDER, ("detail_key",))
            for item in items}
    assert keys == {"50001#FE#100#1", "50001#FE#100#2", "50002#FE#101#1"}
