"""What the EPS's extracts say about an affiliate's authorisations (OPS), MIPRES prescriptions and copays paid at
its offices, as plain frozen values (the repository maps its records to these). A person is their identity
(`identity_key`, "CC#1032456789"); the portal names them by their opaque `ref`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class OpsEstado(StrEnum):
    """The catalogue of `ops_afiliados` and `mipres` (seed 003 §4.2.2)."""

    EN_PROCESO = "EN PROCESO"
    AUTORIZADA = "AUTORIZADA"
    ENTREGADA = "ENTREGADA"
    NEGADA = "NEGADA"
    ANULADA = "ANULADA"
    VENCIDA = "VENCIDA"
    DEVUELTA = "DEVUELTA"


class Origen(StrEnum):
    PORTAL = "PORTAL"
    MIPRES = "MIPRES"


CONCEPTOS = ("COPAGO", "CUOTA MODERADORA", "CUOTA DE RECUPERACION")


@dataclass(frozen=True, slots=True)
class Proveedor:
    """The provider that attends an OPS, as the extract names it."""

    nit: str | None
    sucursal: str | None
    nombre: str | None
    telefonos: str | None
    ciudad: str | None
    direccion: str | None

    @property
    def label(self) -> str:
        """"CLINICA NUESTRA - 8944000 - 3158473134-CALI" as the seed's column writes it."""
        head = " - ".join(p for p in (self.nombre, self.telefonos) if p)
        return f"{head}-{self.ciudad}" if head and self.ciudad else head


@dataclass(frozen=True, slots=True)
class Ops:
    """One row of `ops_afiliados` (an Orden de Prestación de Servicios), with a portal payment laid over it."""

    affiliate: str  # identity
    numero_autorizacion: str
    numero_presolicitud: str | None
    fecha: date
    plan: str
    cups: str
    prestacion: str
    estado: OpsEstado
    proveedor: Proveedor
    vencimiento: date | None
    valor_cuota: int  # whole pesos
    concepto: str | None
    recaudo_en_linea: bool
    observaciones: str | None
    origen: Origen
    pago_id: str | None = None  # a portal payment settled it (then shown ENTREGADA)

    def expired_on(self, today: date) -> bool:
        return self.vencimiento is not None and self.vencimiento < today


@dataclass(frozen=True, slots=True)
class MipresPrescription:
    """One row of `mipres`: a service of a MIPRES prescription and its authorisation."""

    affiliate: str
    numero_prescripcion: str
    consecutivo: int
    fecha: date
    servicio: str
    cups: str | None
    estado: OpsEstado
    prestador: str | None
    prestador_direccion: str | None
    prestador_telefono: str | None
    numero_autorizacion: str | None
    vencimiento: date | None
    valor: int
    plan: str


@dataclass(frozen=True, slots=True)
class OfficeCopay:
    """One row of `copagos`: a copay or cuota moderadora paid (or tried) at an office of the EPS."""

    recibo: str
    numero_autorizacion: str | None
    affiliate_ref: str
    doc_type: str
    doc_number: str
    valor: int
    concepto: str
    fecha: datetime  # America/Bogota
    estado: str  # Aprobado | Pendiente | Rechazado
    observaciones: str | None


@dataclass(frozen=True, slots=True)
class PayableOps:
    """What a copay payment needs of an OPS (the PAY seam)."""

    numero_autorizacion: str
    affiliate_ref: str
    valor_cuota: int
    concepto: str
    estado: str
    vencimiento: date | None
    recaudo_en_linea: bool


@dataclass(frozen=True, slots=True)
class PresolicitudRow:
    """A request registered in the portal (Registrar mi Solicitud), as PRESOL's reader hands it over."""

    numero_presolicitud: str
    affiliate_ref: str
    fecha: datetime
    estado: str
    observacion: str | None
