"""What the EPS's financial extracts say about an affiliate, as plain frozen values (the repository maps its records
to these). Money is whole pesos; periods are "AAAA-MM"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

CERTIFIABLE_STATES = frozenset({"PAGADA", "RECHAZADA", "SIN SUBSIDIO", "EN TRAMITE"})


@dataclass(frozen=True, slots=True)
class PacInvoice:
    numero_factura: str
    responsable: str  # identity
    plan: str
    contrato: str
    periodo: str
    fecha_emision: date
    fecha_limite: date
    valor: int
    saldo: int
    estado: str
    paid_online_at: datetime | None = None  # approved by the gateway, not yet confirmed by an extract

    @property
    def open(self) -> bool:
        """Owes money and has not been paid online since the extract."""
        return self.saldo > 0 and self.estado != "ANULADA" and self.paid_online_at is None


@dataclass(frozen=True, slots=True)
class PacPayment:
    numero_factura: str
    pagador: str  # identity
    fecha: date
    valor: int
    canal: str


@dataclass(frozen=True, slots=True)
class CarteraPeriod:
    aportante: str  # identity
    periodo: str
    valor_esperado: int
    pagado: int
    saldo: int
    dias_mora: int


@dataclass(frozen=True, slots=True)
class Aporte:
    cotizante: str
    periodo: str
    aportante_documento: str  # "NI 900123456"
    razon_social: str
    fecha_pago: date
    planilla: str
    operador: str
    ibc: int
    dias: int
    valor: int


@dataclass(frozen=True, slots=True)
class Incapacidad:
    cotizante: str
    numero_folio: str
    oficina_folio: str
    aportante_documento: str
    razon_social: str
    contingencia: str
    fecha_inicio: date
    fecha_fin: date
    dias_solicitados: int
    dias_acumulados: int
    prorroga: bool
    diagnostico: str
    estado: str

    @property
    def certifiable(self) -> bool:
        return self.estado in CERTIFIABLE_STATES
