"""Routes: the EPS operators' console — processing jobs of every pipeline and the ingestion entities."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib import wiring
from chalicelib.api.http import Access, endpoint
from chalicelib.api.query import PAGING, QueryParam, page_params
from chalicelib.common.errors import InvalidInput
from chalicelib.common.validation import FIELDS_INVALID
from chalicelib.ingest.schema import KIND_LABELS
from chalicelib.ingest.schemas import SCHEMAS
from chalicelib.jobs.channels import ALL as ALL_CHANNELS
from chalicelib.operations.schemas import ColumnView, EntityCatalog, EntityView, JobDetail, JobPage, JobView

bp = Blueprint(__name__)
OPERATOR = Access(operator_only=True)
PIPELINES = ALL_CHANNELS
CHANNEL = QueryParam("canal", {"type": "string", "enum": list(PIPELINES), "default": "ingest"})


@endpoint(bp, "/operaciones/procesos", summary="Procesos de carga, del más reciente al más antiguo",
          tag="operaciones", access=OPERATOR, response=JobPage, query=(CHANNEL, *PAGING), errors=(422,))
def list_jobs(request):
    pipeline = (request.query_params or {}).get("canal", "ingest")
    if pipeline not in PIPELINES:
        raise InvalidInput(FIELDS_INVALID, details=[
            {"campo": "canal", "mensaje": f"Valor no permitido. Valores válidos: {', '.join(PIPELINES)}"}])
    limit, cursor = page_params(request)
    return wiring.operations_jobs().page(pipeline, limit=limit, cursor=cursor)


@endpoint(bp, "/operaciones/procesos/{job_id}", summary="Un proceso: estado, conteos, ejecución y reporte",
          tag="operaciones", access=OPERATOR, response=JobDetail, errors=(404,))
def get_job(job_id: str):
    return wiring.operations_jobs().detail(job_id)


@endpoint(bp, "/operaciones/entidades", summary="Entidades que se cargan por ingest/<entidad>/ y sus columnas",
          tag="operaciones", access=OPERATOR, response=EntityCatalog)
def entities():
    return EntityCatalog(entidades=[
        EntityView(entidad=s.name, carpeta=f"ingest/{s.name}/", llave=list(s.key_fields), columnas=[
            ColumnView(columna=c.name, tipo=KIND_LABELS[c.kind], obligatoria=c.required,
                       longitud_maxima=c.max_length, valores=list(c.choices) if c.choices else None)
            for c in s.columns])
        for s in SCHEMAS.values()])


@endpoint(bp, "/operaciones/procesos/{job_id}/reintento", "POST", tag="operaciones",
          summary="Reintenta un proceso FALLIDO con el mismo archivo, en su propio canal (409 con el motivo si no)",
          access=OPERATOR, response=JobView, status=202, errors=(404, 409))
def retry_job(job_id: str):
    return wiring.operations_jobs().retry(job_id)
