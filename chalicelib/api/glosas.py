"""Routes: "Gestión de glosas" (seed 002 §8), Consultar — by conciliation, by notification dates, by invoice,
and the detail file of a conciliation (XLSX, 50 columns); Cargar respuesta — one load at a time, its history.
Each answer carrying EPS data is written to the access log."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib import wiring
from chalicelib.access_log.service import ReadLog
from chalicelib.accounts.permissions import Menu, Principal
from chalicelib.api.http import Access, endpoint
from chalicelib.api.query import DATE_RANGE, INVOICE, PAGING, page_params
from chalicelib.common.files import DownloadLink
from chalicelib.glosas import schemas
from chalicelib.glosas.schemas import ConciliationList
from chalicelib.glosas.service import XLSX

bp = Blueprint(__name__)
GLOSAS = Access(menu=Menu.GLOSAS)
READS = ReadLog(clear=("conciliacion", "fecha_inicio", "fecha_fin", "prefijo", "sufijo", "carga_id", "limite"))


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
                  "JSON con un enlace temporal al mismo archivo")
def detail_file(principal: Principal, conciliacion: str):
    return wiring.glosas().detail_file(principal.provider_id, conciliacion)


@endpoint(bp, "/glosas/cargas", "POST", tag="glosas", access=GLOSAS, request=schemas.GlosaLoadBody,
          response=schemas.GlosaLoadRegistered, status=201, errors=(409, 422),
          summary="Registra una carga de respuestas (una a la vez por prestador: 409 mientras otra está en proceso) "
                  "y entrega el formulario para enviar el archivo directamente (POST presignado, 15 minutos, "
                  "máximo 30 MB)")
def register_load(principal: Principal, body: schemas.GlosaLoadBody):
    return schemas.load_registered(wiring.glosa_loads().register(principal, body.archivo))


@endpoint(bp, "/glosas/cargas", tag="glosas", access=GLOSAS, response=schemas.GlosaLoadPage, reads=READS,
          query=PAGING, errors=(422,),
          summary="Cargas de respuestas del prestador, de la más reciente: número de proceso, estado, conteos y, "
                  "terminadas, un enlace al archivo con el «Resultado del Cargue» que vence en 15 minutos")
def list_loads(principal: Principal, request):
    loads = wiring.glosa_loads()
    limit, cursor = page_params(request)
    page = loads.loads_of(principal.provider_id, limit=limit, cursor=cursor)
    return schemas.GlosaLoadPage(cargas=[schemas.load_view(j, loads.result_link(j)) for j in page.items],
                                 siguiente=page.cursor)


@endpoint(bp, "/glosas/cargas/{carga_id}", tag="glosas", access=GLOSAS, response=schemas.GlosaLoadView,
          reads=READS, errors=(404,), summary="Una carga de respuestas; terminada, con el enlace a su resultado")
def get_load(principal: Principal, carga_id: str):
    loads = wiring.glosa_loads()
    job = loads.load_of(principal.provider_id, carga_id)
    return schemas.load_view(job, loads.result_link(job))
