"""Request and response bodies of "Pagos y Factura de Venta" and "Incapacidades y licencias" (also the OpenAPI
schemas). No document number of anyone but the caller; incapacidades are named by an opaque id."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel

from chalicelib.common.validation import RequestModel, text

Month = text(7, min_length=0)


class OperatorView(BaseModel):
    nombre: str
    url: str


class ChannelView(BaseModel):
    canal: str
    detalle: str


class OpenInvoiceView(BaseModel):
    numero_factura: str
    plan: str
    periodo: str
    fecha_limite: date
    valor: int
    saldo: int


class PaidOnlineView(BaseModel):
    numero_factura: str
    mensaje: str


class PaymentsPage(BaseModel):
    """CONSULTAR Y PAGAR: the PILA operators (independientes only), the open PAC invoice and the other channels."""
    independiente: bool
    operadores: list[OperatorView]
    nota_operadores: str
    tiene_pac: bool
    factura: OpenInvoiceView | None
    pagadas_en_linea: list[PaidOnlineView]
    otros_canales: list[ChannelView]
    ten_en_cuenta: list[str]
    nota_impresion: str


class CarteraRequest(RequestModel):
    tipo: Literal["PBS", "PAC"]


class HistoryRequest(RequestModel):
    desde: Month
    hasta: Month


class IncapacidadView(BaseModel):
    id: str
    tipo_id: str
    numero_id: str
    aportante: str
    contingencia: str
    fecha_inicio: date
    dias: int
    estado: str
    numero_folio: str
    oficina_folio: str
    certificado: bool  # "Más info.": the individual certificate (PAGADA, RECHAZADA, SIN SUBSIDIO, EN TRAMITE)


class IncapacidadesPage(BaseModel):
    desde: date | None
    hasta: date | None
    resultados: list[IncapacidadView]

    @property
    def records_read(self) -> int:
        return len(self.resultados)
