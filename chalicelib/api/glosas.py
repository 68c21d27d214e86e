"""Routes: "Gestión de glosas" (seed 002 §8), Consultar — by conciliation, by notification dates, by invoice,
and the detail file of a conciliation (XLSX, 50 columns); Cargar respuesta — one load at a time, its history.
Each answer carrying EPS data is written to the access log."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib import wiring
from chalicelib.access_log.service import ReadLog
from chalicelib.accounts.permissions import Menu, Principal
from chalicelib.api.http import Access, endpoint, json_response
from chalicelib.api.query import DATE_RANGE, INVOICE
from chalicelib.api.uploads import UploadRoutes, upload_routes
from chalicelib.common.files import DownloadLink
from chalicelib.glosas import schemas
from chalicelib.glosas.detail_jobs import DetailFileJob
from chalicelib.glosas.schemas import ConciliationList, GlosaDetailFileJob, detail_file_job_view
from chalicelib.glosas.service import XLSX

bp = Blueprint(__name__)
GLOSAS = Access(menu=Menu.GLOSAS)
READS = ReadLog(clear=("conciliacion", "fecha_inicio", "fecha_fin", "prefijo", "sufijo", "carga_id", "limite",
                       "descarga_id"))


@endpoint(bp, "/glosas/conciliaciones/{conciliacion}", tag="glosas", access=GLOSAS, response=ConciliationList,
          reads=READS, summary="Carátula de una conciliación por su número", errors=(400, 404))
def by_conciliation(principal: Principal, conciliacion: str):
    return wiring.glosas().by_conciliation(principal.provider_id, conciliacion)


@endpoint(bp, "/glosas/conciliaciones", tag="glosas", access=GLOSAS, response=ConciliationList, reads=READS,
          summary="Conciliaciones notificadas en un rango de fechas (máximo un año), de la más reciente",
          query=DATE_RANGE, errors=(400,))
def by_notification_range(principal: Principal, request):
    return wiring.glosas().by_notification_range(principal.provider_id, request.query_params or {})


@endpoint(bp, "/glosas/por-factura", tag="glosas", access=GLOSAS, response=ConciliationList, reads=READS,
          summary="Conciliaciones con glosas de una factura (prefijo y sufijo obligatorios)",
          query=INVOICE, errors=(400,))
def by_invoice(principal: Principal, request):
    return wiring.glosas().by_invoice(principal.provider_id, request.query_params or {})


@endpoint(bp, "/glosas/conciliaciones/{conciliacion}/detalle", tag="glosas", access=GLOSAS, response=DownloadLink,
          reads=READS, content_type=XLSX, errors=(400, 404),
          summary="Detalle de la conciliación en XLSX (50 columnas, hoja «Detalle de Glosa 1»); si supera 4 MB, "
                  "JSON con un enlace temporal al mismo archivo; con más de 20.000 detalles, 202 y el proceso que "
                  "lo prepara (GlosaDetailFileJob: consulte GET /glosas/descargas/{descarga_id} hasta su enlace)")
def detail_file(principal: Principal, conciliacion: str):
    answer = wiring.glosas().detail_file(principal.provider_id, conciliacion, principal.person_id)
    if isinstance(answer, DetailFileJob):
        return json_response(detail_file_job_view(answer).model_dump(mode="json"), 202)
    return answer


@endpoint(bp, "/glosas/descargas/{descarga_id}", tag="glosas", access=GLOSAS, response=GlosaDetailFileJob,
          reads=READS, errors=(404,),
          summary="El proceso que prepara el detalle de una conciliación grande: su estado y, listo, un enlace al "
                  "archivo que vence en 15 minutos (solo para el prestador que lo pidió)")
def detail_file_job(principal: Principal, descarga_id: str):
    job, link = wiring.glosas().detail_file_job(principal.provider_id, descarga_id)
    return detail_file_job_view(job, link, wiring.glosa_detail_files().expires_seconds)


upload_routes(bp, UploadRoutes(
    path="/glosas/cargas", item_param="carga_id", tag="glosas", access=GLOSAS, reads=READS,
    pipeline=lambda: wiring.glosa_loads(), body=schemas.GlosaLoadBody,
    registered=schemas.GlosaLoadRegistered, registered_view=schemas.load_registered,
    item=schemas.GlosaLoadView, item_view=schemas.load_view,
    page=schemas.GlosaLoadPage, page_view=lambda _, __, items, cursor: schemas.GlosaLoadPage(cargas=items,
                                                                                           siguiente=cursor),
    register_errors=(409, 422),
    summaries=("Registra una carga de respuestas (una a la vez por prestador: 409 mientras otra está en proceso) "
               "y entrega el formulario para enviar el archivo directamente (POST presignado, 15 minutos, "
               "máximo 30 MB)",
               "Cargas de respuestas del prestador, de la más reciente: número de proceso, estado, conteos y, "
               "terminadas, un enlace al archivo con el «Resultado del Cargue» que vence en 15 minutos",
               "Una carga de respuestas; terminada, con el enlace a su resultado"),
    names=("register_load", "list_loads", "get_load")))
