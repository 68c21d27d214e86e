"""The operators' view of processing jobs: pages of a pipeline's jobs, and one job with its execution and the
link to its rejected-rows report. Handed its reads by wiring.py."""

from __future__ import annotations

from pathlib import PurePosixPath

from chalicelib.ingest.storage import S3Storage
from chalicelib.jobs.channels import channel_of
from chalicelib.jobs.executions import StepFunctionsExecutions
from chalicelib.jobs.repository import JobRepository
from chalicelib.jobs.types import Job
from chalicelib.operations.retries import JobRetries
from chalicelib.operations.schemas import JobDetail, JobOwner, JobPage, JobView
from chalicelib.providers import repository as providers


def _provider_of(job: Job) -> str | None:
    return job.owner.split("#", 1)[1] if job.owner else None  # jobs.repository.owner_key


def _owner(job: Job, names: dict[str, str]) -> JobOwner | None:
    provider_id = _provider_of(job)
    if not provider_id:
        return None
    doc_type, number = provider_id.split("#", 1)
    return JobOwner(tipo_documento=doc_type, numero_documento=number, razon_social=names.get(provider_id))


def job_view(job: Job, retries: JobRetries, cls=JobView, names: dict[str, str] | None = None,
             **extra) -> JobView:
    return cls(proceso_id=job.job_id, canal=channel_of(job), entidad=job.entity,
               reintentable=retries.allowed(job), archivo=job.filename or PurePosixPath(job.source_key).name,
               prestador=_owner(job, names or {}),
               estado=job.status, inicio=job.started_at, fin=job.finished_at, filas_totales=job.total_rows,
               filas_aceptadas=job.accepted_rows, filas_rechazadas=job.rejected_rows,
               registros_escritos=job.written_items, ejecucion_arn=job.execution_arn, error=job.error,
               advertencia=job.warning, **extra)


class OperationsJobs:
    def __init__(self, executions: StepFunctionsExecutions, storage: S3Storage, retries: JobRetries,
                 repository: JobRepository, provider_names=providers.names_of):
        self._executions = executions
        self._storage = storage
        self._retries = retries
        self._jobs = repository
        self._names = provider_names  # provider_id → razón social, for the jobs' "who"

    def _names_of(self, *items: Job) -> dict[str, str]:
        return self._names(filter(None, (_provider_of(j) for j in items)))

    def page(self, pipeline: str, *, limit: int, cursor: str | None) -> JobPage:
        page = self._jobs.list_jobs(pipeline, limit=limit, cursor=cursor)
        names = self._names_of(*page.items)
        return JobPage(procesos=[job_view(j, self._retries, names=names) for j in page.items], siguiente=page.cursor)

    def detail(self, job_id: str) -> JobDetail:
        job = self._jobs.get(job_id)
        execution = self._executions.status(job.execution_arn) if job.execution_arn else None
        link = None
        if job.report_key:
            link = self._storage.download_link(job.report_key, PurePosixPath(job.report_key).name)
        return job_view(job, self._retries, JobDetail, names=self._names_of(job), clave_s3=job.source_key,
                        estado_ejecucion=execution, reporte_rechazos_url=link)

    def retry(self, job_id: str) -> JobView:
        """Reintentar: the job's own channel runs it again, or the refusal (409) says why not."""
        job = self._retries.retry(job_id)
        return job_view(job, self._retries, names=self._names_of(job))
