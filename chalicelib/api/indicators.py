"""Routes: "Consulta Indicadores" (seed 002 §7) — prestación efectiva and oportunidad of a year.

Filters arrive in the query string; a filter of several values (the seed's multi-select chips) repeats its name
(`ambito=ambulatorio&ambito=urgencias`; commas are accepted too). Each answer is written to the access log."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib import wiring
from chalicelib.access_log.service import ReadLog
from chalicelib.accounts.permissions import Menu, Principal
from chalicelib.api.http import Access, endpoint
from chalicelib.api.query import QueryParam, query_of
from chalicelib.eps.states import AMBITOS, GRUPOS_SERVICIO
from chalicelib.indicators.schemas import FIRST_YEAR, PERIOD_RULE, IndicatorReport
from chalicelib.indicators.service import XLSX

bp = Blueprint(__name__)
INDICADORES = Access(menu=Menu.INDICADORES)
READS = ReadLog(clear=("anio", "ambito", "grupo", "sucursal"))


def _several(values: list[str] | None) -> dict:
    item = {"type": "string", "enum": values} if values else {"type": "string", "pattern": "^[0-9A-Za-z]{1,10}$"}
    return {"type": "array", "items": item}


FILTERS = (
    QueryParam("anio", {"type": "integer", "minimum": FIRST_YEAR}, required=True,
               description="Año consultado (hasta el año siguiente al actual)"),
    QueryParam("ambito", _several(list(AMBITOS)),
               description="Ámbitos (ninguno: todos); varios: ambito=ambulatorio&ambito=urgencias"),
    QueryParam("grupo", _several(list(GRUPOS_SERVICIO)),
               description="Grupos de servicio (ninguno: todos); varios: grupo=terapias&grupo=medicamentos"),
    QueryParam("sucursal", _several(None),
               description="Sucursales del prestador (ninguna: todas); varias: sucursal=001&sucursal=002"),
)


@endpoint(bp, "/indicadores", tag="indicadores", access=INDICADORES, response=IndicatorReport, reads=READS,
          summary=f"Prestación efectiva y oportunidad por mes del año (series para gráficos y totales). {PERIOD_RULE}",
          query=FILTERS, errors=(400,))
def report(principal: Principal, request):
    return wiring.indicators().report(principal.provider_id, query_of(request, FILTERS))


@endpoint(bp, "/indicadores/archivo", tag="indicadores", access=INDICADORES, response=IndicatorReport,
          reads=READS, content_type=XLSX, query=FILTERS, errors=(400,),
          summary="Los indicadores del año en XLSX, con los cuatro gráficos")
def report_file(principal: Principal, request):
    return wiring.indicators().workbook(principal.provider_id, query_of(request, FILTERS))
