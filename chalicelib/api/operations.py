"""Routes: the EPS operators' console — processing jobs of every pipeline and the ingestion entities."""

from __future__ import annotations

from pathlib import PurePosixPath

from chalice import Blueprint

from chalicelib import wiring
from chalicelib.api.http import Access, endpoint
from chalicelib.api.query import PAGING, QueryParam, page_params
from chalicelib.common.errors import InvalidInput
from chalicelib.ingest.schema import KIND_LABELS
from chalicelib.ingest.schemas import SCHEMAS
from chalicelib.jobs import repository as jobs
from chalicelib.jobs.models import JobRecord
from chalicelib.operations.schemas import ColumnView, EntityCatalog, EntityView, JobDetail, JobPage, JobView

bp = Blueprint(__name__)
OPERATOR = Access(operator_only=True)
PIPELINES = ("ingest", "cartera", "glosas")
CHANNEL = QueryParam("canal", {"type": "string", "enum": list(PIPELINES), "default": "ingest"})


def _job_view(job: JobRecord, cls=JobView, **extra) -> JobView:
    return cls(proceso_id=job.job_id, canal=job.pipeline, entidad=job.entity, archivo=job.source_key,
               estado=job.status, inicio=job.started_at, fin=job.finished_at, filas_totales=job.total_rows,
               filas_aceptadas=job.accepted_rows, filas_rechazadas=job.rejected_rows,
               registros_escritos=job.written_items, ejecucion_arn=job.execution_arn, error=job.error,
               advertencia=job.warning, **extra)


@endpoint(bp, "/operaciones/procesos", summary="Procesos de carga, del más reciente al más antiguo",
          tag="operaciones", access=OPERATOR, response=JobPage, query=(CHANNEL, *PAGING), errors=(422,))
def list_jobs(request):
    pipeline = (request.query_params or {}).get("canal", "ingest")
    if pipeline not in PIPELINES:
        raise InvalidInput("La solicitud tiene datos inválidos", details=[
            {"campo": "canal", "mensaje": f"Valor no permitido. Valores válidos: {', '.join(PIPELINES)}"}])
    limit, cursor = page_params(request)
    page = jobs.list_jobs(pipeline, limit=limit, cursor=cursor)
    return JobPage(procesos=[_job_view(j) for j in page.items], siguiente=page.cursor)


@endpoint(bp, "/operaciones/procesos/{job_id}", summary="Un proceso: estado, conteos, ejecución y reporte",
          tag="operaciones", access=OPERATOR, response=JobDetail, errors=(404,))
def get_job(job_id: str):
    job = jobs.get(job_id)
    execution = wiring.executions().status(job.execution_arn) if job.execution_arn else None
    link = None
    if job.report_key:
        link = wiring.ingest_storage().download_link(job.report_key, PurePosixPath(job.report_key).name)
    return _job_view(job, JobDetail, estado_ejecucion=execution, reporte_rechazos_url=link)


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
          summary="Reintenta un proceso FALLIDO con el mismo archivo",
          access=OPERATOR, response=JobView, status=202, errors=(404, 409))
def retry_job(job_id: str):
    return _job_view(wiring.ingest_pipeline().retry(job_id))
