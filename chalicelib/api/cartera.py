"""Routes: "Consulta de cartera" (seed 002 §6) — template, request (daily quota + upload form), requests."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib import wiring
from chalicelib.access_log.service import ReadLog
from chalicelib.accounts.permissions import Menu, Principal
from chalicelib.api.http import Access, endpoint
from chalicelib.api.query import PAGING, page_params
from chalicelib.cartera import schemas
from chalicelib.cartera.pipeline import QUOTA
from chalicelib.cartera.template import FILENAME, template_xlsx
from chalicelib.common.files import XLSX_CONTENT_TYPE, FileDownload

bp = Blueprint(__name__)
CARTERA = Access(menu=Menu.CARTERA)
READS = ReadLog(clear=("solicitud_id", "limite"))
XLSX = XLSX_CONTENT_TYPE


@endpoint(bp, "/cartera/plantilla", tag="cartera", access=CARTERA, content_type=XLSX,
          summary="Plantilla XLSX de la consulta de cartera, con una hoja de instrucciones")
def template():
    return FileDownload(FILENAME, XLSX, template_xlsx(), records=0)


@endpoint(bp, "/cartera/solicitudes", "POST", tag="cartera", access=CARTERA, request=schemas.CarteraRequestBody,
          response=schemas.RegisteredView, status=201, errors=(422, 429),
          summary="Registra una solicitud (máximo 3 por día por prestador) y entrega el formulario para cargar el "
                  "archivo directamente (POST presignado, 15 minutos, máximo 20 MB)")
def register(principal: Principal, body: schemas.CarteraRequestBody):
    return schemas.registered_view(wiring.cartera().register(principal, body.archivo))


@endpoint(bp, "/cartera/solicitudes", tag="cartera", access=CARTERA, response=schemas.CarteraRequestPage,
          reads=READS, query=PAGING, errors=(422,),
          summary="Solicitudes de cartera del prestador, de la más reciente: estado, progreso, resumen y, terminadas, "
                  "un enlace de descarga del resultado que vence en 15 minutos; y las consultas que quedan hoy")
def list_requests(principal: Principal, request):
    cartera = wiring.cartera()
    limit, cursor = page_params(request)
    page = cartera.requests_of(principal.provider_id, limit=limit, cursor=cursor)
    return schemas.CarteraRequestPage(solicitudes=[schemas.request_view(j, cartera.result_link(j)) for j in page.items],
                                      siguiente=page.cursor,
                                      consultas_restantes_hoy=cartera.left_today(principal.provider_id),
                                      consultas_por_dia=QUOTA.limit)


@endpoint(bp, "/cartera/solicitudes/{solicitud_id}", tag="cartera", access=CARTERA,
          response=schemas.CarteraRequestView, reads=READS, errors=(404,),
          summary="Una solicitud; terminada, con un enlace de descarga del resultado que vence en 15 minutos")
def get_request(principal: Principal, solicitud_id: str):
    cartera = wiring.cartera()
    job = cartera.request_of(principal.provider_id, solicitud_id)
    return schemas.request_view(job, cartera.result_link(job))
