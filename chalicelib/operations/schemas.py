"""Bodies of the operators' console: processing jobs and the ingestion entities."""

from __future__ import annotations

from pydantic import BaseModel


class JobView(BaseModel):
    proceso_id: str
    canal: str
    entidad: str
    archivo: str
    estado: str
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
