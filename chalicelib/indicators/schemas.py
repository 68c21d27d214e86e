"""Filters of the Indicadores menu, checked with Spanish messages, and the chart-ready answer."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel

from chalicelib.common.errors import InvalidQuery
from chalicelib.eps.states import AMBITOS, GRUPOS_SERVICIO
from chalicelib.spreadsheets.cells import CellError, fold, parse_branch_code

PERIOD_RULE = ("Periodo: mes de la fecha de generación de la autorización. Una autorización generada en el año "
               "consultado cuenta en su mes aunque se haya utilizado después (incluso el año siguiente).")
MONTHS = ("Enero", "Febrero", "Marzo", "Abril", "Mayo", "Junio", "Julio", "Agosto", "Septiembre", "Octubre",
          "Noviembre", "Diciembre")
FIRST_YEAR = 2000


@dataclass(frozen=True, slots=True)
class Filters:
    year: int
    ambitos: frozenset[str]  # codes; all when none was given
    grupos: frozenset[str]
    sucursales: frozenset[str]

    @classmethod
    def parse(cls, params: Mapping[str, str | Sequence[str]], provider_sucursales: Mapping[str, str],
              this_year: int) -> Filters:
        """`anio` once; `ambito`, `grupo` and `sucursal` take several values, as the name repeated
        (`ambito=ambulatorio&ambito=urgencias`) or separated by commas; none means all of them."""
        errors: list[tuple[str, str]] = []
        year = _year(params.get("anio"), this_year, errors)
        ambitos = _choices(params.get("ambito"), "ambito", "Ámbito", AMBITOS, errors)
        grupos = _choices(params.get("grupo"), "grupo", "Grupo de servicio", GRUPOS_SERVICIO, errors)
        sucursales = _sucursales(params.get("sucursal"), provider_sucursales, errors)
        if errors:
            raise InvalidQuery(" | ".join(m for _, m in errors),
                               details=[{"campo": c, "mensaje": m} for c, m in errors])
        return cls(year, ambitos, grupos, sucursales)


def _year(raw: str | Sequence[str] | None, this_year: int, errors: list) -> int:
    if raw is not None and not isinstance(raw, str):
        raw = raw[-1] if len(raw) == 1 else ",".join(raw)  # two years are refused below, not one kept
    text = (raw or "").strip()
    if not text:
        errors.append(("anio", 'El campo "Año", no puede estar vacío'))
    elif not (text.isascii() and text.isdigit() and FIRST_YEAR <= int(text) <= this_year + 1):
        errors.append(("anio", f'El campo "Año" debe ser un año entre {FIRST_YEAR} y {this_year + 1}'))
    else:
        return int(text)
    return 0


def _values(raw: str | Sequence[str] | None) -> list[str]:
    given = [raw] if isinstance(raw, str) else list(raw or ())
    return [v.strip() for item in given for v in item.split(",") if v.strip()]


def _choices(raw: str | Sequence[str] | None, name: str, label: str, allowed: Mapping[str, str], errors: list):
    index = {fold(text): code for code, title in allowed.items() for text in (code, title)}
    chosen, unknown = set(), []
    for value in _values(raw):
        code = index.get(fold(value))
        (chosen.add(code) if code else unknown.append(value))
    if unknown:
        errors.append((name, f'Valor no permitido en "{label}": {", ".join(unknown)}. '
                             f'Valores válidos: {", ".join(allowed)}'))
    return frozenset(chosen or allowed)


def _sucursales(raw: str | Sequence[str] | None, provider_sucursales: Mapping[str, str],
                errors: list) -> frozenset[str]:
    chosen, unknown = set(), []
    for value in _values(raw):
        try:
            code = parse_branch_code(value, 10)
        except CellError:
            code = None
        (chosen.add(code) if code in provider_sucursales else unknown.append(value))
    if unknown:
        known = ", ".join(f"{code} ({name})" for code, name in sorted(provider_sucursales.items())) or "ninguna"
        errors.append(("sucursal", f'Sucursal no registrada para el prestador: {", ".join(unknown)}. '
                                   f"Sucursales del prestador: {known}"))
    return frozenset(chosen or provider_sucursales)


class Series(BaseModel):
    nombre: str
    unidad: str
    valores: list[float | int | None]  # one per label; None where the period has no data
    total: float | int | None = None  # of the whole year (a sum, or the year's own percentage or average)


class Chart(BaseModel):
    titulo: str
    etiquetas: list[str]
    series: list[Series]


# Closed types so the API documents the codes as enums and the portal's labels are checked against them.
AmbitoCode = Literal[tuple(AMBITOS)]
GrupoServicioCode = Literal[tuple(GRUPOS_SERVICIO)]


class AppliedFilters(BaseModel):
    anio: int
    ambitos: list[AmbitoCode]
    grupos: list[GrupoServicioCode]
    sucursales: list[str]


class Totals(BaseModel):
    direccionadas: int
    utilizadas: int
    porcentaje_prestacion_efectiva: float | None
    promedio_dias_oportunidad: float | None


class IndicatorReport(BaseModel):
    periodo: str = PERIOD_RULE
    filtros: AppliedFilters
    prestacion_efectiva: Chart  # % used of directed, per month
    tendencia: Chart  # directed and used, per month
    oportunidad: Chart  # average days from generation to use, per month
    oportunidad_por_grupo: Chart  # the same, one series per grupo de servicio
    totales: Totals

    @property
    def records_read(self) -> int:
        return self.totales.direccionadas
