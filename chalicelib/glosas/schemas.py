"""Views of "Gestión de glosas": the carátula of each conciliation found."""

from __future__ import annotations

from pydantic import BaseModel


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
