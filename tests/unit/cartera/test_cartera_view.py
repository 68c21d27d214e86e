"""A provider's stored cartera view (chalicelib/eps/cartera_view.py): built by derive, read by a reconciliation
only while no change of the provider's invoices or totals came after it; the portal's answers always read live
(moto)."""

from __future__ import annotations

from datetime import date

import pytest

from chalicelib import wiring
from chalicelib.cartera.eps_reads import EpsReads
from chalicelib.eps.cartera_view import CarteraViews
from chalicelib.eps.repository import CarteraViewStore, InvoiceRepository
from chalicelib.glosas.repository import GlosaRepository, detail_key
from chalicelib.glosas.responses import Answer
from chalicelib.ingest.derive import derive_glosa_totals, derive_invoice_views, derive_paid_totals

PROVIDER = "NI#900123456"
KEYS = ["FE#1", "FE#2", "FE#3", "FE#9"]  # FE#9 is not an invoice of the EPS


def _invoice(sufijo: str, estado: str = "radicada", valor: int = 1_000) -> dict:
    return {"provider_id": PROVIDER, "prefijo": "FE", "sufijo": sufijo, "numero_factura": f"FE{sufijo}",
            "sucursal": None, "fecha_factura": "2024-01-15", "valor_factura": valor, "numero_radicado": f"R{sufijo}",
            "fecha_radicacion": "2024-01-20", "estado": estado}


def _payment(sufijo: str, numero: str, valor: int, fecha: str = "2024-02-10") -> dict:
    return {"provider_id": PROVIDER, "prefijo": "FE", "sufijo": sufijo, "numero_pago": numero,
            "valor_pagado_factura": valor, "fecha_pago": fecha}


def _glosa(sufijo: str, detalle: str, valor: int, **answer) -> dict:
    return {"provider_id": PROVIDER, "prefijo": "FE", "sufijo": sufijo, "consecutivo_conciliacion": "C1",
            "consecutivo_detalle": detalle, "valor_glosa_aplicada": valor, **answer}


INVOICES = [_invoice("1", "pagada_parcial"), _invoice("2", "glosada_parcial"), _invoice("3")]
PAYMENTS = [_payment("1", "7001", 400), _payment("1", "7002", 100, "2024-03-10")]
GLOSAS = [_glosa("2", "1", 300, valor_aceptado_ips=100, valor_glosa_levantado_eps=50,
                 fecha_respuesta_a_glosa_ips="2024-02-20"), _glosa("2", "2", 200)]


class _Store(CarteraViewStore):
    """The real store, with `during_put` run once inside the next put: a change arriving while a view is built."""

    def __init__(self):
        super().__init__()
        self.during_put = None

    def put(self, provider_id, generation, view):
        interleaved, self.during_put = self.during_put, None
        if interleaved:
            interleaved()
        super().put(provider_id, generation, view)


@pytest.fixture
def invoices(aws) -> InvoiceRepository:
    return InvoiceRepository()


@pytest.fixture
def store(aws) -> _Store:
    return _Store()


def _views(invoices: InvoiceRepository, store: CarteraViewStore) -> CarteraViews:
    return CarteraViews(invoices, store)


def _load(invoices: InvoiceRepository, store: CarteraViewStore) -> None:
    """Invoices, payments and glosas loaded as ingestion loads them (each derive stores the view)."""
    views = _views(invoices, store)
    invoices.put_batch(INVOICES)
    derive_invoice_views(INVOICES, invoices, views)
    invoices.put_paid_contributions(PAYMENTS)
    derive_paid_totals(PAYMENTS, invoices, views)
    invoices.put_glosa_contributions(GLOSAS, detail_key)
    derive_glosa_totals(GLOSAS, invoices, views)


def _read(invoices: InvoiceRepository, store: CarteraViewStore) -> tuple[dict, dict]:
    reads = EpsReads(invoices, _views(invoices, store))
    return reads.invoices(PROVIDER, KEYS), dict(reads.requests)


def _from_tables(invoices: InvoiceRepository) -> dict:
    return EpsReads(invoices).invoices(PROVIDER, KEYS)


def test_a_fresh_view_is_read_instead_of_the_tables_and_says_what_they_say(invoices, store):
    _load(invoices, store)
    view, requests = _read(invoices, store)
    assert requests == {"GetItem": 1, "GetObject": 1, "Query": 1}  # the one Query: the portal's answers (FE#2)
    assert view == _from_tables(invoices)
    assert sorted(view) == ["FE#1", "FE#2", "FE#3"]
    assert (view["FE#1"].valor_pagado, view["FE#1"].ultimo_pago, view["FE#1"].fecha_ultimo_pago) == (
        500, "7002", "2024-03-10")
    glosada = view["FE#2"]
    assert (glosada.valor_glosado, glosada.valor_aceptado_ips, glosada.valor_levantado,
            glosada.glosa_sin_respuesta) == (500, 100, 50, True)


def test_without_a_stored_view_the_tables_are_read(invoices, store):
    invoices.put_batch(INVOICES)  # loaded, never derived
    view, requests = _read(invoices, store)
    assert requests == {"GetItem": 1, "Query": 2}
    assert view == _from_tables(invoices) and view["FE#1"].estado == "pagada_parcial"


def test_a_write_after_the_view_was_built_sends_the_reads_to_the_tables(invoices, store):
    _load(invoices, store)
    invoices.put_batch([_invoice("1", "pagada_total", 2_000)])  # an invoices chunk written; its derive not run yet
    view, requests = _read(invoices, store)
    assert "GetObject" not in requests and requests["Query"] >= 2
    assert (view["FE#1"].estado, view["FE#1"].valor_factura) == ("pagada_total", 2_000)
    derive_invoice_views([_invoice("1")], invoices, _views(invoices, store))
    again, requests = _read(invoices, store)
    assert requests["GetObject"] == 1 and again == view


def test_a_glosa_answer_recorded_after_the_derive_is_reflected_by_the_fresh_view(invoices, store):
    _load(invoices, store)
    answers = [Answer("C1#FE#2#2", date(2024, 3, 1), "RE9801", "Acepta", 150, 0, None, None, False)]
    GlosaRepository(invoices).record_answers(PROVIDER, answers, 3)
    view, requests = _read(invoices, store)
    assert requests["GetObject"] == 1  # still fresh: the portal's answers are not in the view
    assert (view["FE#2"].valor_aceptado_ips, view["FE#2"].glosa_sin_respuesta) == (250, False)
    assert view == _from_tables(invoices)


def test_a_change_written_while_a_view_is_built_keeps_that_view_unused(invoices, store):
    _load(invoices, store)
    store.during_put = lambda: invoices.put_batch([_invoice("3", "devuelta")])
    derive_paid_totals(PAYMENTS, invoices, _views(invoices, store))  # its view misses the change
    view, requests = _read(invoices, store)
    assert "GetObject" not in requests and view["FE#3"].estado == "devuelta"


def test_an_older_build_finishing_last_does_not_replace_the_newer_view(invoices, store):
    _load(invoices, store)
    views = _views(invoices, store)

    def newer_load_and_derive():  # while the older build is about to store its view
        invoices.put_batch([_invoice("3", "devuelta")])
        views.refresh(PROVIDER)

    store.during_put = newer_load_and_derive
    older = views.refresh(PROVIDER)
    newer, built = invoices.view_marks(PROVIDER)
    assert built == newer > older
    assert store.get(PROVIDER, older) is None  # the older build's object was removed, not recorded
    view, requests = _read(invoices, store)
    assert requests["GetObject"] == 1 and view["FE#3"].estado == "devuelta"
    assert view == _from_tables(invoices)


def test_a_newer_build_removes_the_view_it_replaces(invoices, store):
    _load(invoices, store)
    _, first = invoices.view_marks(PROVIDER)
    invoices.put_batch([_invoice("3", "devuelta")])
    second = _views(invoices, store).refresh(PROVIDER)
    assert second > first and store.get(PROVIDER, first) is None and store.get(PROVIDER, second) is not None


def test_the_reconciliation_reads_are_wired_to_the_stored_views(invoices, aws):
    _load(invoices, CarteraViewStore())
    reads = wiring.eps_reads()
    assert reads.invoices(PROVIDER, KEYS) == _from_tables(invoices)
    assert reads.requests["GetObject"] == 1
