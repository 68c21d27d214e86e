"""Indicadores for the caller's provider, and the aggregates kept when authorisations are ingested.

No AWS here: the store (chalicelib.indicators.repository) and the provider's sucursales are handed in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
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

    def report(self, provider_id: str, params: Mapping[str, str | Sequence[str]]) -> IndicatorReport:
        return self._report(provider_id, params)[0]

    def workbook(self, provider_id: str, params: Mapping[str, str | Sequence[str]]) -> FileDownload:
        report, sucursales = self._report(provider_id, params)
        return FileDownload(f"indicadores-{report.filtros.anio}.xlsx", XLSX,
                            workbook.build(report, applied_filters(report, sucursales)), report.records_read)

    def _report(self, provider_id: str, params: Mapping[str, str | Sequence[str]]
                ) -> tuple[IndicatorReport, Mapping[str, str]]:
        sucursales = self._sucursales_of(provider_id)
        filters = Filters.parse(params, sucursales, self._this_year())
        by_month = [Counts() for _ in MONTHS]
        by_group = {grupo: [Counts() for _ in MONTHS] for grupo in GRUPOS_SERVICIO if grupo in filters.grupos}
        for key, counts in self._store.cells_of_year(provider_id, filters.year):
            if key.ambito in filters.ambitos and key.grupo in filters.grupos and key.sucursal in filters.sucursales:
                month = int(key.month[5:7]) - 1
                by_month[month].add(counts)
                by_group[key.grupo][month].add(counts)
        return _build_report(filters, by_month, by_group), sucursales


def applied_filters(report: IndicatorReport, sucursales: Mapping[str, str]) -> list[tuple[str, str]]:
    """Every filter of the report as a person reads it: Spanish labels, sucursales by name, "Todos" for all."""
    chosen = report.filtros

    def named(codes: list[str], names: Mapping[str, str], every: str) -> str:
        return every if set(codes) >= set(names) else ", ".join(names[c] for c in codes)

    return [("Año", str(chosen.anio)),
            ("Ámbito", named(chosen.ambitos, AMBITOS, "Todos")),
            ("Grupo de servicio", named(chosen.grupos, GRUPOS_SERVICIO, "Todos")),
            ("Sucursal", named(chosen.sucursales, {c: f"{c} {n}" for c, n in sucursales.items()}, "Todas"))]


def _year_total(months: list[Counts]) -> Counts:
    total = Counts()
    for counts in months:
        total.add(counts)
    return total


def _build_report(filters: Filters, by_month: list[Counts], by_group: dict[str, list[Counts]]) -> IndicatorReport:
    labels = [f"{name} {filters.year}" for name in MONTHS]
    total = _year_total(by_month)
    used_percentage = percentage(total.used, total.directed)
    days = average(total.days_to_use, total.used)
    effective = Series(nombre="Prestación efectiva", unidad="%", total=used_percentage,
                       valores=[percentage(c.used, c.directed) for c in by_month])
    directed = Series(nombre="Direccionadas", unidad="autorizaciones", total=total.directed,
                      valores=[c.directed for c in by_month])
    used = Series(nombre="Utilizadas", unidad="autorizaciones", total=total.used, valores=[c.used for c in by_month])
    timeliness = Series(nombre="Oportunidad", unidad="días", total=days,
                        valores=[average(c.days_to_use, c.used) for c in by_month])
    per_group = [Series(nombre=GRUPOS_SERVICIO[grupo], unidad="días", total=_group_average(months),
                        valores=[average(c.days_to_use, c.used) for c in months])
                 for grupo, months in by_group.items()]
    return IndicatorReport(
        filtros=AppliedFilters(anio=filters.year, ambitos=[a for a in AMBITOS if a in filters.ambitos],
                               grupos=list(by_group), sucursales=sorted(filters.sucursales)),
        prestacion_efectiva=Chart(titulo="Prestación efectiva: autorizaciones utilizadas / direccionadas",
                                  etiquetas=labels, series=[effective]),
        tendencia=Chart(titulo="Tendencia: autorizaciones direccionadas y utilizadas", etiquetas=labels,
                        series=[directed, used]),
        oportunidad=Chart(titulo="Oportunidad: días promedio entre generación y utilización", etiquetas=labels,
                          series=[timeliness]),
        oportunidad_por_grupo=Chart(titulo="Oportunidad por grupo de servicio (días promedio)", etiquetas=labels,
                                    series=per_group),
        totales=Totals(direccionadas=total.directed, utilizadas=total.used,
                       porcentaje_prestacion_efectiva=used_percentage, promedio_dias_oportunidad=days),
    )


def _group_average(months: list[Counts]) -> float | None:
    total = _year_total(months)
    return average(total.days_to_use, total.used)


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
