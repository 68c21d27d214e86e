"""Request and response bodies of the online payments (also the OpenAPI schemas)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from chalicelib.common.validation import RequestModel, text
from chalicelib.online_payments.types import PaymentKind

Reference = text(40, pattern=r"^[A-Za-z0-9-]+$")


class PaymentRequest(RequestModel):
    tipo: PaymentKind
    referencia: Reference


class PaymentStarted(BaseModel):
    pago: str
    url_pago: str
    valor: int


class OnlinePaymentView(BaseModel):
    pago: str
    recibo_de_pago: str
    numero_autorizacion: str
    valor: int
    concepto: str
    fecha: datetime
    estado: str  # Aprobado | Pendiente | Rechazado
    observaciones: str | None = None




class HistoryRow(BaseModel):
    recibo_de_pago: str
    numero_autorizacion: str
    identificacion: str
    valor: int
    concepto: str
    fecha: datetime
    estado: str
    observaciones: str | None = None
    canal: str  # "PORTAL" | "OFICINA"


class HistoryPerson(BaseModel):
    ref: str
    nombre: str
    registros: list[HistoryRow]  # newest first
    total: int


class PaymentHistoryPage(BaseModel):
    titulo: str
    personas: list[HistoryPerson]  # the affiliate first, then each minor of their group


class PendingPaymentView(BaseModel):
    pago: str
    recibo_de_pago: str
    tipo: str
    numero_autorizacion: str
    valor: int
    fecha: datetime
    vence: datetime
    transaccion: str | None = None


class PendingPaymentsPage(BaseModel):
    pagos: list[PendingPaymentView]


class EventReceived(BaseModel):
    resultado: str
