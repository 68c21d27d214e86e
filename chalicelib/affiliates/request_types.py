"""What the portal's Mi cuenta keeps of its own: supports sent by affiliates, IPS-change requests and email
changes waiting for confirmation, as plain values; `AffiliateRequests` is the store (requests_repository.py is
the real one, tests use an in-memory fake)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from chalicelib.affiliates.types import Contact
from chalicelib.common.pagination import Page


class SupportState(StrEnum):
    RECIBIDO = "RECIBIDO"  # waiting for an operator
    ACEPTADO = "ACEPTADO"
    DEVUELTO = "DEVUELTO"  # returned with a reason: the affiliate sends it again


class IpsChangeState(StrEnum):
    EN_TRAMITE = "EN_TRAMITE"
    APROBADA = "APROBADA"
    RECHAZADA = "RECHAZADA"


@dataclass(frozen=True, slots=True)
class Decision:
    by: str  # the operator's person id
    at: datetime
    motivo: str | None


@dataclass(frozen=True, slots=True)
class SupportSubmission:
    """One file sent for one pending support of one person (a "Enviar documentos" may send several)."""

    submission_id: str
    batch_id: str
    affiliate: str  # identity of the person the support is for
    submitted_by: str  # identity of the caller
    tipo_soporte: str
    filename: str
    content_type: str
    size: int
    file_key: str
    state: SupportState
    submitted_at: datetime
    decision: Decision | None = None


@dataclass(frozen=True, slots=True)
class IpsKey:
    nit: str
    sucursal: str

    def __str__(self) -> str:
        return f"{self.nit}-{self.sucursal}"


@dataclass(frozen=True, slots=True)
class IpsChangeRequest:
    request_id: str
    affiliate: str
    requested_by: str
    current: IpsKey | None
    desired: IpsKey
    desired_name: str
    motivo_cambio: str
    contact: Contact  # the form's data as the affiliate confirmed it
    state: IpsChangeState
    created_at: datetime
    decision: Decision | None = None


@dataclass(frozen=True, slots=True)
class EmailChange:
    """A new email typed in Datos personales, held until its owner opens the link mailed to it."""

    code_hash: str
    requested_by: str
    identities: tuple[str, ...]
    correo: str
    expires_at: int  # epoch seconds


class AffiliateRequests(Protocol):
    def add_supports(self, submissions: list[SupportSubmission]) -> None: ...

    def supports_of(self, identities: list[str]) -> list[SupportSubmission]: ...

    def support(self, submission_id: str) -> SupportSubmission | None: ...

    def supports_in(self, state: SupportState, *, limit: int, cursor: str | None) -> Page[SupportSubmission]: ...

    def decide_support(self, submission_id: str, state: SupportState, decision: Decision) -> bool:
        """False when it is no longer RECIBIDO (another operator decided first)."""
        ...

    def open_ips_change(self, request: IpsChangeRequest) -> bool:
        """False when the person already has a request EN_TRAMITE (one at a time, kept by a lock item)."""
        ...

    def ips_changes_of(self, identities: list[str]) -> list[IpsChangeRequest]: ...

    def ips_change(self, request_id: str) -> IpsChangeRequest | None: ...

    def ips_changes_in(self, state: IpsChangeState, *, limit: int,
                       cursor: str | None) -> Page[IpsChangeRequest]: ...

    def decide_ips_change(self, request_id: str, state: IpsChangeState, decision: Decision) -> bool:
        """False when it is no longer EN_TRAMITE; deciding frees the person for a new request."""
        ...

    def add_email_change(self, change: EmailChange) -> None: ...

    def take_email_change(self, code_hash: str, now: int) -> EmailChange | None:
        """The live change with this code, removed as it is taken (a link works once); None otherwise."""
        ...
