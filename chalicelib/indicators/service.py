"""Indicadores for the caller's provider, and the aggregates kept when authorisations are ingested.

No AWS here: the store (chalicelib.indicators.repository) and the provider's sucursales are handed in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Protocol

from chalicelib.common.files import XLSX_CONTENT_TYPE as XLSX
from chalicelib.common.files import FileDownload
from chalicelib.eps.states import AMBITOS, GRUPOS_SERVICIO
from chalicelib.indicators import workbook
from chalicelib.indicators.aggregation import AuthorizationFacts, CellKey, Counts, affected_months, count
from chalicelib.indicators.schemas import MONTHS, AppliedFilters, Chart, Filters, IndicatorReport, Series, Totals


class IndicatorStore(Protocol):
    def authorizations_of_month(self, provider_id: str, month: str) -> Iterator[AuthorizationFacts]: ...

    def replace_month(self, provider_id: str, month: str, cells: dict[CellKey, Counts]) -> None: ...

    def cells_of_year(self, provider_id: str, year: int) -> Iterator[tuple[CellKey, Counts]]: ...


def percentage(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def average(total: int, count_: int) -> float | None:
    return round(total / count_, 1) if count_ else None


class IndicatorService:
    def __init__(self, store: IndicatorStore, sucursales_of: Callable[[str], Mapping[str, str]],
                 this_year: Callable[[], int]):
        self._store, self._sucursales_of, self._this_year = store, sucursales_of, this_year

    def report(self, provider_id: str, params: Mapping[str, str]) -> IndicatorReport:
        filters = Filters.parse(params, self._sucursales_of(provider_id), self._this_year())
        by_month = [Counts() for _ in MONTHS]
        by_group = {grupo: [Counts() for _ in MONTHS] for grupo in GRUPOS_SERVICIO if grupo in filters.grupos}
        for key, counts in self._store.cells_of_year(provider_id, filters.year):
            if key.ambito in filters.ambitos and key.grupo in filters.grupos and key.sucursal in filters.sucursales:
                month = int(key.month[5:7]) - 1
                by_month[month].add(counts)
                by_group[key.grupo][month].add(counts)
        return _report(filters, by_month, by_group)

    def workbook(self, provider_id: str, params: Mapping[str, str]) -> FileDownload:
        report = self.report(provider_id, params)
        return FileDownload(f"indicadores-{report.filtros.anio}.xlsx", XLSX, workbook.build(report),
                            report.records_read)


def _report(filters: Filters, by_month: list[Counts], by_group: dict[str, list[Counts]]) -> IndicatorReport:
    labels = [f"{name} {filters.year}" for name in MONTHS]
    total = Counts()
    for counts in by_month:
        total.add(counts)
    return IndicatorReport(
        filtros=AppliedFilters(anio=filters.year, ambitos=[a for a in AMBITOS if a in filters.ambitos],
                               grupos=list(by_group), sucursales=sorted(filters.sucursales)),
        prestacion_efectiva=Chart(titulo="Prestación efectiva: autorizaciones utilizadas / direccionadas",
                                  etiquetas=labels, series=[Series(nombre="Prestación efectiva", unidad="%", valores=[
                                      percentage(c.used, c.directed) for c in by_month])]),
        tendencia=Chart(titulo="Tendencia: autorizaciones direccionadas y utilizadas", etiquetas=labels, series=[
            Series(nombre="Direccionadas", unidad="autorizaciones", valores=[c.directed for c in by_month]),
            Series(nombre="Utilizadas", unidad="autorizaciones", valores=[c.used for c in by_month])]),
        oportunidad=Chart(titulo="Oportunidad: días promedio entre generación y utilización", etiquetas=labels,
                          series=[Series(nombre="Oportunidad", unidad="días", valores=[
                              average(c.days_to_use, c.used) for c in by_month])]),
        oportunidad_por_grupo=Chart(titulo="Oportunidad por grupo de servicio (días promedio)", etiquetas=labels,
                                    series=[Series(nombre=GRUPOS_SERVICIO[grupo], unidad="días", valores=[
                                        average(c.days_to_use, c.used) for c in months])
                                        for grupo, months in by_group.items()]),
        totales=Totals(direccionadas=total.directed, utilizadas=total.used,
                       porcentaje_prestacion_efectiva=percentage(total.used, total.directed),
                       promedio_dias_oportunidad=average(total.days_to_use, total.used)),
    )


class IndicatorAggregates:
    """Keeps the monthly cells equal to what the authorisations say: called after each authorisations load."""

    def __init__(self, store: IndicatorStore):
        self._store = store

    def refresh(self, rows: Iterable[dict]) -> int:
        """Recompute every (provider, month) the rows touched; returns the number of months refreshed."""
        months = sorted(affected_months(rows))
        for provider_id, month in months:
            self._store.replace_month(provider_id, month,
                                      count(self._store.authorizations_of_month(provider_id, month)))
        return len(months)
