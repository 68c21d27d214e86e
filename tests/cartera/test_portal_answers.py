"""The reconciliation reads the provider's glosa answers recorded in the portal, over the extract's columns."""

from __future__ import annotations

from datetime import date

from chalicelib import wiring
from chalicelib.cartera.eps_reads import EpsReads
from chalicelib.glosas.repository import GlosaRepository
from chalicelib.glosas.responses import Answer
from tests.cartera.data import load_eps_fixture
from tests.payments_data import PROVIDER


def _view():
    reads: EpsReads = wiring.eps_reads()
    return reads.invoices(PROVIDER, ["FE#1003", "FE#1004"])


def test_an_answer_recorded_in_the_portal_counts_as_the_providers(aws):
    load_eps_fixture()
    before = _view()
    assert before["FE#1003"].glosa_sin_respuesta and before["FE#1003"].valor_aceptado_ips == 0
    assert before["FE#1004"].valor_aceptado_ips == 100_000  # the extract's answer

    answers = [Answer(key, date(2024, 2, 15), "RE9801", "Glosa aceptada parcialmente", accepted, 0, None, None, False)
               for key, accepted in (("C1#FE#1003#1", 50_000), ("C1#FE#1004#1", 120_000))]
    GlosaRepository().record_answers(PROVIDER, answers, process=7)
    after = _view()
    assert not after["FE#1003"].glosa_sin_respuesta and after["FE#1003"].valor_aceptado_ips == 50_000
    assert after["FE#1004"].valor_aceptado_ips == 120_000 and after["FE#1004"].valor_levantado == 150_000
