"""Routes: "Consulta de cartera" (seed 002 §6) — template, request (daily quota + upload form), requests."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib import wiring
from chalicelib.access_log.service import ReadLog
from chalicelib.accounts.permissions import Menu
from chalicelib.api.http import Access, endpoint
from chalicelib.api.uploads import UploadRoutes, upload_routes
from chalicelib.cartera import schemas
from chalicelib.cartera.template import FILENAME, template_xlsx
from chalicelib.common.files import XLSX_CONTENT_TYPE, FileDownload
from chalicelib.uploads.pipeline import UploadPipeline

bp = Blueprint(__name__)
CARTERA = Access(menu=Menu.CARTERA)
READS = ReadLog(clear=("solicitud_id", "limite"))
XLSX = XLSX_CONTENT_TYPE


@endpoint(bp, "/cartera/plantilla", tag="cartera", access=CARTERA, content_type=XLSX,
          summary="Plantilla XLSX de la consulta de cartera, con una hoja de instrucciones")
def template():
    return FileDownload(FILENAME, XLSX, template_xlsx(), records=0)


def _page(cartera: UploadPipeline, provider_id: str, items: list, cursor: str | None) -> schemas.CarteraRequestPage:
    return schemas.CarteraRequestPage(solicitudes=items, siguiente=cursor,
                                      consultas_restantes_hoy=cartera.policy.left_today(provider_id),
                                      consultas_por_dia=cartera.policy.limit)


upload_routes(bp, UploadRoutes(
    path="/cartera/solicitudes", item_param="solicitud_id", tag="cartera", access=CARTERA, reads=READS,
    pipeline=lambda: wiring.cartera(), body=schemas.CarteraRequestBody,
    registered=schemas.RegisteredView, registered_view=schemas.registered_view,
    item=schemas.CarteraRequestView, item_view=schemas.request_view,
    page=schemas.CarteraRequestPage, page_view=_page, register_errors=(422, 429),
    summaries=("Registra una solicitud (máximo 3 por día por prestador) y entrega el formulario para cargar el "
               "archivo directamente (POST presignado, 15 minutos, máximo 20 MB)",
               "Solicitudes de cartera del prestador, de la más reciente: estado, progreso, resumen y, terminadas, "
               "un enlace de descarga del resultado que vence en 15 minutos; y las consultas que quedan hoy",
               "Una solicitud; terminada, con un enlace de descarga del resultado que vence en 15 minutos"),
    names=("register", "list_requests", "get_request")))
