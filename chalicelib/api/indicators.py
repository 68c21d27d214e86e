"""Routes: "Consulta Indicadores" (seed 002 §7) — prestación efectiva and oportunidad of a year.

Filters arrive in the query string; several values of one filter are separated by commas
(`ambito=ambulatorio,urgencias`). Each answer is written to the access log (`reads`)."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib import wiring
from chalicelib.access_log.service import ReadLog
from chalicelib.accounts.permissions import Menu, Principal
from chalicelib.api.http import Access, endpoint
from chalicelib.indicators.schemas import PERIOD_RULE, IndicatorReport
from chalicelib.indicators.service import XLSX

bp = Blueprint(__name__)
INDICADORES = Access(menu=Menu.INDICADORES)
READS = ReadLog(clear=("anio", "ambito", "grupo", "sucursal"))
FILTERS = ("anio", "ambito", "grupo", "sucursal")


@endpoint(bp, "/indicadores", tag="indicadores", access=INDICADORES, response=IndicatorReport, reads=READS,
          summary=f"Prestación efectiva y oportunidad por mes del año (series para gráficos y totales). {PERIOD_RULE}",
          query=FILTERS, errors=(400,))
def report(principal: Principal, request):
    return wiring.indicators().report(principal.provider_id, request.query_params or {})


@endpoint(bp, "/indicadores/archivo", tag="indicadores", access=INDICADORES, response=IndicatorReport,
          reads=READS, content_type=XLSX, query=FILTERS, errors=(400,),
          summary="Los indicadores del año en XLSX, con los cuatro gráficos")
def report_file(principal: Principal, request):
    return wiring.indicators().workbook(principal.provider_id, request.query_params or {})
