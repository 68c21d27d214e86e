"""Routes: "Encuesta de satisfacción" (seed 002 last section) for providers' users, and its report for the
EPS's operators. The report's reads go to the access log (`reads`): parameters are months and a channel."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib import wiring
from chalicelib.access_log.service import ReadLog
from chalicelib.accounts.permissions import Principal
from chalicelib.api.http import Access, endpoint
from chalicelib.api.query import QueryParam
from chalicelib.common.files import XLSX_CONTENT_TYPE
from chalicelib.survey.questions import Channel
from chalicelib.survey.schemas import SurveyAnswerBody, SurveyOffer, SurveyReceipt, SurveyReport
from chalicelib.survey.store import provider_respondent

bp = Blueprint(__name__)
ANY_USER = Access()
OPERATORS = Access(operator_only=True)
READS = ReadLog(clear=("desde", "hasta", "canal"))
_MONTH = {"type": "string", "pattern": "^20[0-9]{2}-(0[1-9]|1[0-2])$"}
REPORT_QUERY = (QueryParam("desde", _MONTH, description="Primer mes (AAAA-MM)"),
                QueryParam("hasta", _MONTH, description="Último mes (AAAA-MM); por omisión el actual"),
                QueryParam("canal", {"type": "string", "enum": [c.value for c in Channel]},
                           description="Canal; por omisión todos"))


@endpoint(bp, "/encuesta", tag="encuesta", access=ANY_USER, response=SurveyOffer,
          summary="Si se ofrece la encuesta ahora (una respuesta por usuario y mes calendario en Bogotá; omitirla "
                  "la pospone 7 días), con sus cuatro preguntas y valores permitidos")
def offer(principal: Principal):
    return wiring.survey().offer(provider_respondent(principal))


@endpoint(bp, "/encuesta/respuesta", "POST", tag="encuesta", access=ANY_USER, request=SurveyAnswerBody,
          response=SurveyReceipt, status=201, errors=(409,),
          summary="Responder la encuesta del mes (409 si ya se respondió este mes)")
def answer(principal: Principal, body: SurveyAnswerBody):
    return wiring.survey().answer(provider_respondent(principal), body)


@endpoint(bp, "/encuesta/omitir", "POST", tag="encuesta", access=ANY_USER, response=SurveyReceipt, errors=(409,),
          summary="Omitir la encuesta: se ofrece de nuevo en 7 días (409 si ya se respondió este mes)")
def skip(principal: Principal):
    return wiring.survey().skip(provider_respondent(principal))


@endpoint(bp, "/operaciones/encuesta/informe", tag="operaciones", access=OPERATORS, response=SurveyReport,
          reads=READS, query=REPORT_QUERY, errors=(422,),
          summary="Informe de la encuesta por mes y canal: CSAT (% satisfecho + muy satisfecho), CES (% fácil + "
                  "muy fácil, y promedio 1 a 5), NPS (% promotores 9–10 − % detractores 0–6, en puntos), % "
                  "resuelto, con conteos y series para gráficos (desde/hasta AAAA-MM; por omisión los últimos 12 "
                  "meses)")
def report(request):
    return wiring.survey().report(request.query_params or {})


@endpoint(bp, "/operaciones/encuesta/informe/xlsx", tag="operaciones", access=OPERATORS, reads=READS,
          query=REPORT_QUERY, errors=(422,), content_type=XLSX_CONTENT_TYPE,
          summary=f"El informe de la encuesta en XLSX, con gráficos (enviar `Accept: {XLSX_CONTENT_TYPE}`)")
def report_workbook(request):
    return wiring.survey().report_workbook(request.query_params or {})
