"""Bodies of the operators' console: processing jobs and the ingestion entities."""

from __future__ import annotations

from pydantic import BaseModel

from chalicelib.common.identifiers import DocumentType
from chalicelib.jobs.states import JobState


class JobOwner(BaseModel):
    """The provider whose upload a cartera or glosa job processes (EPS loads have none)."""

    tipo_documento: DocumentType
    numero_documento: str
    razon_social: str | None


class JobView(BaseModel):
    proceso_id: str
    canal: str
    entidad: str
    archivo: str  # the file's name as uploaded (the S3 key is the detail's `clave_s3`)
    prestador: JobOwner | None = None
    estado: JobState
    inicio: str
    fin: str | None
    filas_totales: int
    filas_aceptadas: int
    filas_rechazadas: int
    registros_escritos: int
    ejecucion_arn: str | None
    error: str | None
    advertencia: str | None
    reintentable: bool  # an operator's retry would run it again in its own channel (docs/runbook.md §3.1)


class JobDetail(JobView):
    clave_s3: str
    estado_ejecucion: str | None
    reporte_rechazos_url: str | None


class JobPage(BaseModel):
    procesos: list[JobView]
    siguiente: str | None


class ColumnView(BaseModel):
    columna: str
    tipo: str
    obligatoria: bool
    longitud_maxima: int | None
    valores: list[str] | None


class EntityView(BaseModel):
    entidad: str
    carpeta: str
    llave: list[str]
    columnas: list[ColumnView]


class EntityCatalog(BaseModel):
    entidades: list[EntityView]
