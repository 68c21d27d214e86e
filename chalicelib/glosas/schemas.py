"""Views of "Gestión de glosas": the carátula of each conciliation found; response loads and their history; the
job preparing a large detail file, and its item in the jobs table."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from pydantic import BaseModel

from chalicelib.common.clock import BOGOTA
from chalicelib.glosas.detail_jobs import DetailFileJob
from chalicelib.glosas.loads import PROGRESS, WITH_ERROR, Registered, Status
from chalicelib.jobs.states import JobState
from chalicelib.jobs.types import Job
from chalicelib.uploads.schemas import OneUploadRead, UploadFormView, UploadPageRead, UploadRequestBody, form_view


class ConciliationSummary(BaseModel):
    conciliacion: str
    fecha_notificacion: str  # ISO date (the first notification of the conciliation)
    cantidad_facturas: int
    cantidad_notas_debito: int
    cantidad_detalles: int
    valor_glosado: int  # whole pesos


class ConciliationList(BaseModel):
    conciliaciones: list[ConciliationSummary]

    @property
    def records_read(self) -> int:
        return sum(c.cantidad_detalles for c in self.conciliaciones)


class GlosaLoadBody(UploadRequestBody):
    pass


class GlosaLoadRegistered(BaseModel):
    carga_id: str
    estado: JobState
    carga: UploadFormView
    mensaje: str


class GlosaLoadView(OneUploadRead, BaseModel):
    carga_id: str
    numero_proceso: int | None
    fecha: str  # when it was requested (America/Bogota ISO)
    archivo: str
    estado: JobState
    progreso: int  # percent
    resultado: str | None  # "Ejecutado Exitosamente" / "Ejecutado con Error", once finished
    filas: int
    registradas: int
    tardias: int
    rechazadas: int
    sin_respuesta: int
    inicio: str | None  # the file arrived
    fin: str | None
    error: str | None
    resultado_url: str | None = None  # the result file, a link that expires in 15 minutes


class GlosaLoadPage(UploadPageRead, BaseModel):
    listed: ClassVar[str] = "cargas"

    cargas: list[GlosaLoadView]
    siguiente: str | None


def load_registered(registered: Registered) -> GlosaLoadRegistered:
    return GlosaLoadRegistered(
        carga_id=registered.job.job_id, estado=registered.job.status, carga=form_view(registered.form),
        mensaje="Carga registrada. Envíe el archivo con el formulario indicado; recibirá un correo con el resultado "
                "del cargue.")


def load_view(job: Job, link: str | None = None) -> GlosaLoadView:
    summary = job.summary or {}
    return GlosaLoadView(
        carga_id=job.job_id, numero_proceso=int(job.process_number) if job.process_number else None,
        fecha=job.started_at, archivo=job.filename or "", estado=job.status, progreso=PROGRESS.get(job.status, 0),
        resultado=summary.get("resultado") if job.status == Status.DONE else (
            WITH_ERROR if job.status == Status.FAILED else None),
        filas=int(job.total_rows or 0), registradas=int(summary.get("registradas", 0)),
        tardias=int(summary.get("tardias", 0)), rechazadas=int(summary.get("rechazadas", 0)),
        sin_respuesta=int(summary.get("sin_respuesta", 0)), inicio=job.received_at, fin=job.finished_at,
        error=job.error, resultado_url=link)


# --- the detail file of a large conciliation, made in the background (glosas/detail_jobs.py) ---------------
class GlosaDetailFileJob(BaseModel):
    """The job preparing a conciliation's detail file; `url` once it is ready (expires in `expira_en_segundos`)."""

    descarga_id: str
    conciliacion: str
    estado: JobState  # GENERANDO_RESULTADO, FINALIZADO or FALLIDO
    mensaje: str
    nombre_archivo: str
    fecha: str  # when it was requested (America/Bogota ISO)
    registros: int  # lines of the file, once ready
    url: str | None = None
    expira_en_segundos: int | None = None

    @property
    def records_read(self) -> int:
        return self.registros if self.url else 0


def detail_file_job_view(job: DetailFileJob, link: str | None = None,
                         expires_seconds: int | None = None) -> GlosaDetailFileJob:
    return GlosaDetailFileJob(descarga_id=job.job_id, conciliacion=job.conciliation, estado=job.status,
                              mensaje=job.message, nombre_archivo=job.filename,
                              fecha=job.requested_at.isoformat(timespec="seconds"), registros=job.lines, url=link,
                              expira_en_segundos=expires_seconds if link else None)


def detail_job_record(job: DetailFileJob, channel: str, bucket: str) -> Job:
    """The jobs table's item of a detail-file job (its key is the conciliation; there is no execution)."""
    at = job.requested_at.astimezone(BOGOTA)
    return Job(job.job_id, pipeline=channel, channel=channel, started_key=f"{at.isoformat()}#{job.job_id}",
               entity="glosas", bucket=bucket, source_key=job.conciliation, execution_name=job.job_id,
               status=job.status, started_at=at.isoformat(timespec="seconds"),
               owner=f"{channel}#{job.provider_id}", requested_by=job.requested_by, filename=job.filename)


def detail_job(record: Job, channel: str) -> DetailFileJob:
    return DetailFileJob(record.job_id, provider_id=(record.owner or "").removeprefix(f"{channel}#"),
                         conciliation=record.source_key, filename=record.filename or "",
                         requested_by=record.requested_by or "",
                         requested_at=datetime.fromisoformat(record.started_at), status=record.status,
                         file_key=record.result_key, lines=int(record.total_rows or 0))
