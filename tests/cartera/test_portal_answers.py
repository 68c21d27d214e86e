"""The reconciliation reads the provider's glosa answers recorded in the portal, over the extract's columns."""

from __future__ import annotations

from chalicelib import wiring
from chalicelib.cartera.eps_reads import EpsReads
from chalicelib.glosas.models import GlosaResponse
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

    for key, accepted in (("C1#FE#1003#1", 50_000), ("C1#FE#1004#1", 120_000)):
        GlosaResponse(PROVIDER, key, fecha_respuesta_a_glosa_ips="2024-02-15", codigo_respuesta_glosa_ips="RE9801",
                      descripcion_respuesta_glosa_ips="Glosa aceptada parcialmente", valor_aceptado_ips=accepted,
                      valor_sustentado_ips=0).save()
    after = _view()
    assert not after["FE#1003"].glosa_sin_respuesta and after["FE#1003"].valor_aceptado_ips == 50_000
    assert after["FE#1004"].valor_aceptado_ips == 120_000 and after["FE#1004"].valor_levantado == 150_000
