"""Bodies of "Consulta de cartera": the request, the upload form, the provider's list of requests."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel

from chalicelib.cartera.pipeline import PROGRESS, Registered, Status
from chalicelib.jobs.states import JobState
from chalicelib.jobs.types import Job
from chalicelib.uploads.schemas import OneUploadRead, UploadFormView, UploadPageRead, UploadRequestBody, form_view


class CarteraRequestBody(UploadRequestBody):
    pass


class RegisteredView(BaseModel):
    solicitud_id: str
    estado: JobState
    carga: UploadFormView
    consultas_restantes_hoy: int
    mensaje: str


class CarteraRequestView(OneUploadRead, BaseModel):
    solicitud_id: str
    fecha: str
    archivo: str
    estado: JobState
    progreso: int  # percent
    filas: int
    filas_con_errores: int
    fin: str | None
    error: str | None
    resumen: dict | None
    resultado_url: str | None = None


class CarteraRequestPage(UploadPageRead, BaseModel):
    listed: ClassVar[str] = "solicitudes"

    solicitudes: list[CarteraRequestView]
    siguiente: str | None
    consultas_restantes_hoy: int
    consultas_por_dia: int


def registered_view(registered: Registered) -> RegisteredView:
    return RegisteredView(
        solicitud_id=registered.job.job_id, estado=registered.job.status,
        carga=form_view(registered.form),
        consultas_restantes_hoy=registered.left_today,
        mensaje="Solicitud registrada. Cargue el archivo con el formulario indicado; recibirá un correo al "
                "recibirlo y otro con el resultado.")


def request_view(job: Job, link: str | None = None) -> CarteraRequestView:
    return CarteraRequestView(
        solicitud_id=job.job_id, fecha=job.started_at, archivo=job.filename or "", estado=job.status,
        progreso=PROGRESS.get(job.status, 0), filas=int(job.total_rows or 0),
        filas_con_errores=int(job.rejected_rows or 0), fin=job.finished_at, error=job.error,
        resumen=job.summary if job.summary and job.status == Status.DONE else None, resultado_url=link)
