"""Routes: Contáctenos (seed 003 §4.5–§4.6). Affiliates file PQRS, find their own by radicado (another's is a 404),
rate an answer once and answer the survey (channel "afiliados"); whoever cannot log in writes through the public
contact form; operators take the queue, answer and read the monthly on-time rate. Radicados are the only
identifiers in paths; the text goes in bodies only. Every answer with a PQRS is written to the access log."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib import wiring
from chalicelib.access_log.service import ReadLog
from chalicelib.accounts.permissions import Principal
from chalicelib.affiliates.types import AffiliatePrincipal
from chalicelib.api.http import Access, client_ip, endpoint
from chalicelib.api.query import PAGING, QueryParam, page_params
from chalicelib.pqrs.catalogue import PqrsState
from chalicelib.pqrs.schemas import (
    AnswerBody,
    Answered,
    ContactForm,
    Filed,
    Indicator,
    Message,
    NewPqrs,
    PqrsPage,
    PqrsView,
    Queue,
    Rated,
    RatingBody,
)
from chalicelib.survey.schemas import SurveyAnswerBody, SurveyOffer, SurveyReceipt

bp = Blueprint(__name__)
AFFILIATE = Access(affiliate=True)
OPERATOR = Access(operator_only=True)
READS = ReadLog(clear=("radicado", "estado", "limite", "hasta"))
STATE = QueryParam("estado", {"type": "string", "enum": [s.value for s in PqrsState],
                              "default": PqrsState.EN_GESTION.value})
LAST_MONTH = QueryParam("hasta", {"type": "string", "pattern": "^20[0-9]{2}-(0[1-9]|1[0-2])$"},
                        description="Último mes del indicador (AAAA-MM); por omisión el actual")


def _paging(request) -> dict:
    limit, cursor = page_params(request)
    return {"limit": limit, "cursor": cursor}


@endpoint(bp, "/afiliados/pqrs", tag="afiliados", access=AFFILIATE, response=PqrsPage, reads=READS,
          summary="Contáctenos: los tipos de solicitud y las 50 solicitudes más recientes del afiliado (las "
                  "anteriores se consultan por su número)")
def my_pqrs(principal: AffiliatePrincipal):
    return wiring.affiliate_pqrs().mine(principal)


@endpoint(bp, "/afiliados/pqrs", "POST", tag="afiliados", access=AFFILIATE, request=NewPqrs, response=Filed,
          status=201, errors=(404, 422),
          summary="Nueva solicitud (felicitación, queja, reclamo, sugerencia, información particular o consulta; "
                  "hasta 2.000 caracteres): el radicado AAAA-NNNNNN y un correo; la misma `clave` radica una vez")
def file_pqrs(principal: AffiliatePrincipal, body: NewPqrs):
    return wiring.affiliate_pqrs().file(principal, body)


@endpoint(bp, "/afiliados/pqrs/{radicado}", tag="afiliados", access=AFFILIATE, response=PqrsView, reads=READS,
          errors=(404,), summary="RESULTADO DE LA CONSULTA de una solicitud propia (la de otra persona: 404)")
def find_pqrs(principal: AffiliatePrincipal, radicado: str):
    return wiring.affiliate_pqrs().find(principal, radicado)


@endpoint(bp, "/afiliados/pqrs/{radicado}/calificacion", "POST", tag="afiliados", access=AFFILIATE,
          request=RatingBody, response=Rated, errors=(404, 409, 422),
          summary="Califica la respuesta de una solicitud FINALIZADA, una vez, de 1 a 5 estrellas (409 antes de "
                  "finalizar o si ya se calificó)")
def rate_pqrs(principal: AffiliatePrincipal, radicado: str, body: RatingBody):
    return wiring.affiliate_pqrs().rate(principal, radicado, body.estrellas)


@endpoint(bp, "/afiliados/encuesta", tag="afiliados", access=AFFILIATE, response=SurveyOffer, errors=(404,),
          summary="Encuesta de satisfacción de la Oficina Virtual Afiliados (canal afiliados): si se ofrece ahora, "
                  "con sus cuatro preguntas")
def survey_offer(principal: AffiliatePrincipal):
    return wiring.affiliate_survey().offer(principal)


@endpoint(bp, "/afiliados/encuesta/respuesta", "POST", tag="afiliados", access=AFFILIATE, request=SurveyAnswerBody,
          response=SurveyReceipt, status=201, errors=(404, 409),
          summary="Responder la encuesta del mes (409 si ya se respondió este mes)")
def survey_answer(principal: AffiliatePrincipal, body: SurveyAnswerBody):
    return wiring.affiliate_survey().answer(principal, body)


@endpoint(bp, "/afiliados/encuesta/omitir", "POST", tag="afiliados", access=AFFILIATE, response=SurveyReceipt,
          errors=(404, 409), summary="Omitir la encuesta: se ofrece de nuevo en 7 días")
def survey_skip(principal: AffiliatePrincipal):
    return wiring.affiliate_survey().skip(principal)


@endpoint(bp, "/contacto", "POST", tag="afiliados-registro", access=None, request=ContactForm, response=Message,
          status=202, errors=(422, 429),
          summary="Formulario Contáctenos para quien no puede ingresar (con el reto «No soy un robot» de "
                  "/afiliados/registro/reto resuelto): la respuesta llega al correo indicado; la misma respuesta "
                  "exista o no el documento")
def contact(body: ContactForm, request):
    return wiring.contact_form().submit(body, client_ip(request))


@endpoint(bp, "/operaciones/pqrs", tag="operaciones", access=OPERATOR, response=Queue, reads=READS,
          query=(STATE, *PAGING), errors=(422,),
          summary="PQRS por estado (por omisión EN GESTION), la que vence primero arriba, con los días hábiles "
                  "restantes y las vencidas marcadas")
def queue(request):
    return wiring.pqrs_desk().queue((request.query_params or {}).get("estado"), **_paging(request))


@endpoint(bp, "/operaciones/pqrs/{radicado}/respuesta", "POST", tag="operaciones", access=OPERATOR,
          request=AnswerBody, response=Answered, errors=(404, 409, 422),
          summary="Responde una PQRS (queda FINALIZADO, una vez: 409 si otro operador ya respondió); se envía por "
                  "correo y queda en la auditoría")
def answer(principal: Principal, radicado: str, body: AnswerBody, request):
    return wiring.pqrs_desk().answer(principal, radicado, body, client_ip(request))


@endpoint(bp, "/operaciones/pqrs/indicador", tag="operaciones", access=OPERATOR, response=Indicator, reads=READS,
          query=(LAST_MONTH,), errors=(422,),
          summary="Oportunidad mensual de respuesta de las PQRS (los 6 meses hasta `hasta`): de las que vencen en el "
                  "mes y ya tienen resultado, el % respondidas a tiempo")
def indicator(request):
    return wiring.pqrs_desk().indicator((request.query_params or {}).get("hasta"))
