"""Authorisations ingested through the pipeline keep the Indicadores' monthly cells exact."""

from __future__ import annotations

from chalicelib.indicators.repository import IndicatorRepository
from tests import factories
from tests.pipeline.helpers import load

HEADER = "NIT;Número OPS;Sucursal;Ámbito;Grupo de servicio;Fecha generación;Fecha utilización\n"


def authorizations(*rows: str) -> bytes:
    return (HEADER + "".join(f"{factories.nit_with_dv('900123456')};{r}\n" for r in rows)).encode()


def cells():
    return {key.encode(): (c.directed, c.used, c.days_to_use)
            for key, c in IndicatorRepository().cells_of_year("NI#900123456", 2024)}


def test_a_re_ingested_authorisation_that_became_used_updates_the_figures_once(pipelines):
    factories.provider("900123456")
    first = load("ingest/authorizations/abril.csv", authorizations(
        "41001;1;urgencias;terapias;2024-04-01;2024-04-03", "41002;001;urgencias;terapias;2024-04-02;"))
    assert first.status == "FINALIZADO"
    assert cells() == {"2024-04#001#urgencias#terapias": (2, 1, 2)}  # sucursal 1 is sucursal 001
    again = load("ingest/authorizations/abril-2.csv",
                 authorizations("41002;001;urgencias;terapias;2024-04-02;2024-04-12"))
    assert again.status == "FINALIZADO"
    assert cells() == {"2024-04#001#urgencias#terapias": (2, 2, 12)}
