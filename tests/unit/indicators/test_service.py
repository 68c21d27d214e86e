"""Indicadores on an in-memory store: a fixture whose figures are computed by hand."""

from __future__ import annotations

import pytest

from chalicelib.common.errors import InvalidQuery
from chalicelib.indicators.aggregation import AuthorizationFacts, CellKey, Counts
from chalicelib.indicators.service import IndicatorAggregates, IndicatorService

PROVIDER = "NI#900123456"
SUCURSALES = {"001": "Sede Norte", "002": "Sede Sur"}


class MemoryStore:
    def __init__(self):
        self.authorizations: dict[tuple[str, str], dict[str, AuthorizationFacts]] = {}
        self.cells: dict[str, dict[str, Counts]] = {}
        self.months_recomputed: list[tuple[str, str]] = []

    def put(self, ops: str, facts: AuthorizationFacts, provider: str = PROVIDER) -> dict:
        self.authorizations.setdefault((provider, facts.generated[:7]), {})[ops] = facts
        return {"provider_id": provider, "fecha_generacion": facts.generated}

    def authorizations_of_month(self, provider_id, month):
        self.months_recomputed.append((provider_id, month))
        yield from self.authorizations.get((provider_id, month), {}).values()

    def replace_month(self, provider_id, month, cells):
        mine = self.cells.setdefault(provider_id, {})
        for key in [k for k in mine if k.startswith(f"{month}#")]:
            del mine[key]
        mine.update({key.encode(): counts for key, counts in cells.items()})

    def cells_of_year(self, provider_id, year):
        for key, counts in sorted(self.cells.get(provider_id, {}).items()):
            if key.startswith(f"{year}-"):
                yield CellKey.decode(key), counts


def facts(generated, used=None, sucursal="001", ambito="ambulatorio", grupo="consulta_profesional"):
    return AuthorizationFacts(sucursal, ambito, grupo, generated, used)


@pytest.fixture
def store():
    store = MemoryStore()
    rows = [
        # January: 4 directed, 3 used after 2, 4 and 9 days → 75.0 %, (2+4+9)/3 = 5.0 days
        store.put("1", facts("2024-01-05", "2024-01-07")),
        store.put("2", facts("2024-01-10", "2024-01-14")),
        store.put("3", facts("2024-01-20", "2024-01-29", grupo="terapias")),
        store.put("4", facts("2024-01-25")),
        # March: 3 directed at sucursal 002 / urgencias, 1 used after 31 days (in April) → 33.3 %, 31.0 days
        store.put("5", facts("2024-03-01", "2024-04-01", sucursal="002", ambito="urgencias")),
        store.put("6", facts("2024-03-02", sucursal="002", ambito="urgencias")),
        store.put("7", facts("2024-03-03", sucursal="002", ambito="urgencias")),
        # December 2023 and another provider: never in 2024's figures
        store.put("8", facts("2023-12-31", "2024-01-02")),
        store.put("9", facts("2024-01-05", "2024-01-06"), provider="NI#800987654"),
    ]
    assert IndicatorAggregates(store).refresh(rows) == 4  # (provider, month) pairs touched
    return store


def service(store):
    return IndicatorService(store, lambda provider: SUCURSALES, lambda: 2026)


def test_prestacion_efectiva_and_oportunidad_per_month_computed_by_hand(store):
    report = service(store).report(PROVIDER, {"anio": "2024"})
    assert report.tendencia.etiquetas[0] == "Enero 2024" and len(report.tendencia.etiquetas) == 12
    directed, used = (s.valores for s in report.tendencia.series)
    assert directed == [4, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    assert used == [3, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    assert report.prestacion_efectiva.series[0].valores[:3] == [75.0, None, 33.3]  # empty month: no figure
    assert report.oportunidad.series[0].valores[:4] == [5.0, None, 31.0, None]
    by_group = {s.nombre: s.valores for s in report.oportunidad_por_grupo.series}
    assert len(by_group) == 12
    assert by_group["Consulta profesional"][:3] == [3.0, None, 31.0] and by_group["Terapias"][0] == 9.0
    assert report.totales.model_dump() == {"direccionadas": 7, "utilizadas": 4,
                                           "porcentaje_prestacion_efectiva": 57.1, "promedio_dias_oportunidad": 11.5}
    assert report.records_read == 7


def test_filters_combine(store):
    report = service(store).report(PROVIDER, {"anio": "2024", "ambito": "urgencias,Hospitalario", "sucursal": "2"})
    assert report.filtros.ambitos == ["hospitalario", "urgencias"] and report.filtros.sucursales == ["002"]
    assert report.totales.direccionadas == 3 and report.totales.utilizadas == 1
    only_therapies = service(store).report(PROVIDER, {"anio": "2024", "grupo": "terapias"})
    assert (only_therapies.totales.direccionadas, only_therapies.totales.promedio_dias_oportunidad) == (1, 9.0)
    assert [s.nombre for s in only_therapies.oportunidad_por_grupo.series] == ["Terapias"]
    empty = service(store).report(PROVIDER, {"anio": "2025"})
    assert empty.totales.model_dump() == {"direccionadas": 0, "utilizadas": 0,
                                          "porcentaje_prestacion_efectiva": None, "promedio_dias_oportunidad": None}


@pytest.mark.parametrize(("params", "field", "message"), [
    ({}, "anio", 'El campo "Año", no puede estar vacío'),
    ({"anio": "24"}, "anio", "debe ser un año entre 2000 y 2027"),
    ({"anio": "2024", "ambito": "ambulatorio,spa"}, "ambito", 'Valor no permitido en "Ámbito": spa'),
    ({"anio": "2024", "grupo": "magia"}, "grupo", "Valores válidos: consulta_profesional"),
    ({"anio": "2024", "sucursal": "003"}, "sucursal", "Sucursal no registrada para el prestador: 003"),
])
def test_unknown_filter_values_are_refused_with_the_allowed_ones(store, params, field, message):
    with pytest.raises(InvalidQuery) as refused:
        service(store).report(PROVIDER, params)
    assert refused.value.status == 400
    assert [d["campo"] for d in refused.value.details] == [field]
    assert message in refused.value.details[0]["mensaje"]


def test_a_re_ingested_authorisation_that_became_used_counts_exactly_once(store):
    row = store.put("4", facts("2024-01-25", "2024-02-04"))  # the same OPS, now used after 10 days
    IndicatorAggregates(store).refresh([row, row])
    IndicatorAggregates(store).refresh([row])
    report = service(store).report(PROVIDER, {"anio": "2024"})
    assert report.tendencia.series[0].valores[0] == 4 and report.tendencia.series[1].valores[0] == 4
    assert report.prestacion_efectiva.series[0].valores[0] == 100.0
    assert report.oportunidad.series[0].valores[0] == 6.2  # (2+4+9+10)/4 = 6.25, rounded half to even


def test_a_combination_that_disappears_is_removed(store):
    row = store.put("3", facts("2024-01-20", "2024-01-29", grupo="consulta_profesional"))  # corrected grupo
    IndicatorAggregates(store).refresh([row])
    report = service(store).report(PROVIDER, {"anio": "2024", "grupo": "terapias"})
    assert report.totales.direccionadas == 0


def test_the_workbook_has_the_figures_and_four_charts(store):
    import io
    import zipfile

    from openpyxl import load_workbook

    download = service(store).workbook(PROVIDER, {"anio": "2024"})
    assert download.filename == "indicadores-2024.xlsx" and download.records == 7
    parts = zipfile.ZipFile(io.BytesIO(download.body)).namelist()
    assert len([p for p in parts if p.startswith("xl/charts/chart")]) == 4
    book = load_workbook(io.BytesIO(download.body))
    assert book.sheetnames == ["Indicadores", "Oportunidad por grupo", "Gráficos"]
    rows = list(book["Indicadores"].iter_rows(values_only=True))
    rows = rows[next(i for i, row in enumerate(rows) if row[0] == "Periodo"):]
    assert rows[0] == ("Periodo", "Direccionadas", "Utilizadas", "Prestación efectiva (%)", "Oportunidad (días)")
    assert rows[1] == ("Enero 2024", 4, 3, 75, 5)


def test_several_values_of_a_filter_as_a_list_count_each_of_them(store):
    """Issue 22: the route hands every value of a repeated name (`ambito=a&ambito=b`) as a list."""
    report = service(store).report(PROVIDER, {"anio": "2024", "ambito": ["urgencias", "ambulatorio"],
                                              "sucursal": ["001", "2"], "grupo": ["terapias", "consulta_profesional"]})
    assert report.filtros.ambitos == ["ambulatorio", "urgencias"] and report.filtros.sucursales == ["001", "002"]
    assert report.totales.direccionadas == 7
    only_urgencias = service(store).report(PROVIDER, {"anio": "2024", "ambito": ["urgencias"]})
    assert only_urgencias.totales.direccionadas == 3


def test_each_series_carries_its_year_total(store):
    report = service(store).report(PROVIDER, {"anio": "2024"})
    assert [s.total for s in report.tendencia.series] == [7, 4]
    assert report.prestacion_efectiva.series[0].total == 57.1 and report.oportunidad.series[0].total == 11.5
    by_group = {s.nombre: s.total for s in report.oportunidad_por_grupo.series}
    assert by_group["Consulta profesional"] == 12.3 and by_group["Terapias"] == 9.0  # (2+4+31)/3, 9/1


def test_the_workbook_states_every_filter_in_spanish_and_carries_totals(store):
    import io

    from openpyxl import load_workbook

    download = service(store).workbook(PROVIDER, {"anio": "2024", "ambito": ["urgencias", "hospitalario"],
                                                  "sucursal": ["002"]})
    sheet = load_workbook(io.BytesIO(download.body))["Indicadores"]
    rows = [row for row in sheet.iter_rows(values_only=True)]
    stated = {row[0]: row[1] for row in rows if row[0] in ("Año", "Ámbito", "Grupo de servicio", "Sucursal")}
    assert stated == {"Año": "2024", "Ámbito": "Hospitalario, Urgencias", "Grupo de servicio": "Todos",
                      "Sucursal": "002 Sede Sur"}
    assert next(row for row in rows if row[0] == "Total 2024")[:5] == ("Total 2024", 3, 1, 33.3, 31)
    every = load_workbook(io.BytesIO(service(store).workbook(PROVIDER, {"anio": "2024"}).body))
    stated = {row[0]: row[1] for row in every["Indicadores"].iter_rows(values_only=True)}
    assert (stated["Ámbito"], stated["Sucursal"]) == ("Todos", "Todas")
    groups = list(every["Oportunidad por grupo"].iter_rows(values_only=True))
    assert groups[-1][0] == "Total 2024" and 12.3 in groups[-1]
