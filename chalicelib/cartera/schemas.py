"""Bodies of "Consulta de cartera": the request, the upload form, the provider's list of requests."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

from chalicelib.cartera.pipeline import PROGRESS, Registered, Status
from chalicelib.jobs.models import JobRecord

_NAME = re.compile(r"^[^\x00-\x1f\x7f/\\]{1,120}$")


class CarteraRequestBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    archivo: str = Field(description="Nombre del archivo que el usuario eligió (.xlsx)")

    @field_validator("archivo")
    @classmethod
    def _xlsx_name(cls, value: str) -> str:
        value = value.strip()
        if not _NAME.match(value) or not value.lower().endswith(".xlsx"):
            raise ValueError("Debe ser el nombre de un archivo .xlsx (máximo 120 caracteres, sin / ni \\)")
        return value


class UploadFormView(BaseModel):
    url: str
    campos: dict[str, str]
    vence_en_segundos: int
    tamano_maximo_bytes: int


class RegisteredView(BaseModel):
    solicitud_id: str
    estado: str
    carga: UploadFormView
    consultas_restantes_hoy: int
    mensaje: str


class CarteraRequestView(BaseModel):
    solicitud_id: str
    fecha: str
    archivo: str
    estado: str
    progreso: int  # percent
    filas: int
    filas_con_errores: int
    fin: str | None
    error: str | None
    resumen: dict | None
    resultado_url: str | None = None

    @property
    def records_read(self) -> int:
        return 1


class CarteraRequestPage(BaseModel):
    solicitudes: list[CarteraRequestView]
    siguiente: str | None

    @property
    def records_read(self) -> int:
        return len(self.solicitudes)


def registered_view(registered: Registered) -> RegisteredView:
    form = registered.form
    return RegisteredView(
        solicitud_id=registered.job.job_id, estado=registered.job.status,
        carga=UploadFormView(url=form.url, campos=form.fields, vence_en_segundos=form.expires_seconds,
                             tamano_maximo_bytes=form.max_bytes),
        consultas_restantes_hoy=registered.left_today,
        mensaje="Solicitud registrada. Cargue el archivo con el formulario indicado; recibirá un correo al "
                "recibirlo y otro con el resultado")


def request_view(job: JobRecord, link: str | None = None) -> CarteraRequestView:
    return CarteraRequestView(
        solicitud_id=job.job_id, fecha=job.started_at, archivo=job.filename or "", estado=job.status,
        progreso=PROGRESS.get(job.status, 0), filas=int(job.total_rows or 0),
        filas_con_errores=int(job.rejected_rows or 0), fin=job.finished_at, error=job.error,
        resumen=job.summary.as_dict() if job.summary and job.status == Status.DONE else None, resultado_url=link)
