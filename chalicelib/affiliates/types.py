"""What the EPS's extracts say about affiliates, as plain frozen values (the repository maps its records to these).

A person is named everywhere by `identity_key(doc_type, doc_number)` ("CC#1032456789"); paths and the portal
use `ref`, an opaque id of the person (never the document number)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class TipoAfiliado(StrEnum):
    COTIZANTE = "COTIZANTE"
    BENEFICIARIO = "BENEFICIARIO"


class TipoCotizante(StrEnum):
    DEPENDIENTE = "DEPENDIENTE"
    INDEPENDIENTE = "INDEPENDIENTE"


@dataclass(frozen=True, slots=True)
class Contact:
    """The fields "Actualizar datos" edits (seed 003 lines 490–521); a novedad carries a subset of them."""

    correo: str | None = None
    correo_alternativo: str | None = None
    telefono_residencia: str | None = None
    telefono_adicional: str | None = None
    celular: str | None = None
    celular_alterno: str | None = None
    direccion_residencia: str | None = None
    departamento_residencia: str | None = None  # DIVIPOLA official name
    ciudad_residencia: str | None = None
    barrio: str | None = None
    localidad: str | None = None
    direccion_correspondencia: str | None = None
    departamento_correspondencia: str | None = None
    ciudad_correspondencia: str | None = None
    etnia: str | None = None
    escolaridad: str | None = None


@dataclass(frozen=True, slots=True)
class Affiliate:
    """One row of `afiliados` (with the pending novedades laid over it when the repository says so)."""

    identity: str  # identity_key(doc_type, doc_number)
    ref: str  # opaque, stable id for paths and the portal
    doc_type: str
    doc_number: str
    primer_nombre: str
    segundo_nombre: str | None
    primer_apellido: str
    segundo_apellido: str | None
    fecha_nacimiento: date
    genero: str  # M | F | I
    regimen: str  # CONTRIBUTIVO | SUBSIDIADO
    tipo_afiliado: TipoAfiliado
    tipo_cotizante: TipoCotizante | None
    estado_afiliacion: str  # ACTIVO, VIGENTE, SUSPENDIDO, RETIRADO… as the EPS writes it
    derecho: str | None
    rango_salarial: str | None
    recien_nacido: bool
    fecha_afiliacion: date | None
    ips_primaria_nit: str | None
    ips_primaria_sucursal: str | None
    contact: Contact
    extract_date: date  # the date of the extract this row came from: novedades after it are still pending

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.primer_nombre, self.segundo_nombre, self.primer_apellido,
                                    self.segundo_apellido) if p)

    def is_minor_on(self, today: date) -> bool:
        """Under 18 on `today` (Bogotá's date): the cotizante manages them; from the 18th birthday, only they do."""
        try:
            eighteenth = self.fecha_nacimiento.replace(year=self.fecha_nacimiento.year + 18)
        except ValueError:  # born on 29 February
            eighteenth = date(self.fecha_nacimiento.year + 18, 3, 1)
        return today < eighteenth


@dataclass(frozen=True, slots=True)
class FamilyLink:
    """One row of `grupo_familiar`: a beneficiary in a cotizante's group, current while `fecha_fin` is not past."""

    cotizante: str  # identity
    beneficiario: str  # identity
    parentesco: str  # CONYUGE, HIJO, PADRE…
    fecha_inicio: date
    fecha_fin: date | None

    def current_on(self, today: date) -> bool:
        return self.fecha_inicio <= today and (self.fecha_fin is None or today <= self.fecha_fin)


@dataclass(frozen=True, slots=True)
class PacPlan:
    """One row of `planes_pac`."""

    affiliate: str  # identity
    plan: str
    contrato: str
    titular: str  # identity of the contract holder
    vigencia_desde: date
    vigencia_hasta: date | None
    estado: str  # ACTIVO | INACTIVO…


@dataclass(frozen=True, slots=True)
class PendingDocument:
    """One row of `documentos_pendientes`: a support the EPS is waiting for from this person."""

    affiliate: str  # identity
    tipo_soporte: str
    fecha: date


@dataclass(frozen=True, slots=True)
class IpsSite:
    """A provider's sucursal as the affiliates' portal shows it (the IPS network)."""

    nit: str
    sucursal: str
    name: str
    direccion: str | None
    telefono: str | None
    departamento: str | None
    municipio: str | None
    ips_primaria: bool


@dataclass(frozen=True, slots=True)
class AffiliatePrincipal:
    """The verified caller of an affiliate route (token audience "afiliados"), as the authorizer hands it over."""

    identity: str
    session_id: str
    must_change_password: bool
    authenticated_at: int = 0


@dataclass(frozen=True, slots=True)
class PendingNovedad:
    """One portal edit of one person still pending over their extract, as the operators' export lists it."""

    novedad_id: str
    identity: str
    at: datetime
    channel: str
    contact: Contact
