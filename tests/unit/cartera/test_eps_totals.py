"""The glosa sums a reconciliation reads from the invoice totals: kept by derive (the extract) and by the response
load (the portal's answers), which wins detail by detail (moto)."""

from __future__ import annotations

from datetime import date

from chalicelib.cartera.eps_reads import EpsReads
from chalicelib.eps.models import Invoice
from chalicelib.eps.repository import GlosaTotal, InvoiceRepository
from chalicelib.glosas.repository import GlosaRepository, detail_key
from chalicelib.glosas.responses import Answer
from chalicelib.ingest.derive import derive_glosa_totals

PROVIDER = "NI#900123456"


def _row(detalle: str, valor: int, **answer) -> dict:
    return {"provider_id": PROVIDER, "prefijo": "FE", "sufijo": "7", "consecutivo_conciliacion": "C9",
            "consecutivo_detalle": detalle, "valor_glosa_aplicada": valor, **answer}


ROWS = [_row("1", 1_000, valor_aceptado_ips=300, valor_glosa_levantado_eps=200,
             fecha_respuesta_a_glosa_ips="2024-02-20"),
        _row("2", 500),
        _row("3", 700, valor_aceptado_ips=0, fecha_respuesta_a_glosa_ips="2024-02-21")]


def _load(rows: list[dict]) -> InvoiceRepository:
    Invoice(PROVIDER, "FE#7", prefijo="FE", sufijo="7", numero_factura="FE7", fecha_factura="2024-01-15",
            valor_factura=5_000, estado="glosada_parcial").save()
    invoices = InvoiceRepository()
    invoices.put_glosa_contributions(rows, detail_key)
    derive_glosa_totals(rows, invoices)
    return invoices


def _answer(key: str, accepted: int) -> Answer:
    return Answer(key, date(2024, 3, 1), "RE9801", "Acepta", accepted, 0, None, None, False)


def test_the_extracts_answers_are_summed_by_detail(aws):
    invoices = _load(ROWS)
    assert invoices.glosa_total(PROVIDER, "FE#7") == GlosaTotal(
        2_200, 200, {"C9#FE#7#1": 300, "C9#FE#7#3": 0}, frozenset({"C9#FE#7#2"}))
    view = EpsReads(invoices).invoices(PROVIDER, ["FE#7"])["FE#7"]
    assert (view.valor_glosado, view.valor_aceptado_ips, view.valor_levantado, view.glosa_sin_respuesta) == (
        2_200, 300, 200, True)


def test_a_portal_answer_wins_over_the_extract_and_survives_a_later_derive(aws):
    invoices = _load(ROWS)
    GlosaRepository(invoices).record_answers(PROVIDER, [_answer("C9#FE#7#2", 50), _answer("C9#FE#7#1", 900)], 4)
    reads = EpsReads(invoices)
    view = reads.invoices(PROVIDER, ["FE#7"])["FE#7"]
    assert (view.valor_aceptado_ips, view.glosa_sin_respuesta) == (950, False)
    assert reads.requests == {"Query": 3}  # invoices, totals, the portal's answers: no glosa detail read
    derive_glosa_totals(ROWS, invoices)  # the extract loaded again
    again = EpsReads(invoices).invoices(PROVIDER, ["FE#7"])["FE#7"]
    assert (again.valor_aceptado_ips, again.glosa_sin_respuesta, again.valor_levantado) == (950, False, 200)


def test_a_retried_load_writes_the_same_answers(aws):
    invoices = _load(ROWS)
    glosas = GlosaRepository(invoices)
    for _ in range(2):
        glosas.record_answers(PROVIDER, [_answer("C9#FE#7#2", 50)], 4)
    pages = list(invoices.portal_answer_pages(PROVIDER))
    assert [len(items) for items, _ in pages] == [1]
    assert EpsReads(invoices).invoices(PROVIDER, ["FE#7"])["FE#7"].valor_aceptado_ips == 350
