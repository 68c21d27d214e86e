"""Registrar mi Solicitud's values (seed 003 §4.2.1): the acceptance of the terms, a draft being filled (the person,
the plan, the files uploaded so far), the presolicitud sent, and the operators' actions on it. `PresolicitudStore`
is their store (presolicitudes_repository.py is the real one, tests use an in-memory fake)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from chalicelib.common.pagination import Page

HISTORIA_CLINICA = "HISTORIA CLINICA VIGENTE"
SOLICITUD_MEDICA = "SOLICITUD MEDICA VIGENTE"
SUPPORT_TYPES = (HISTORIA_CLINICA, SOLICITUD_MEDICA)
MAX_FILES_PER_TYPE = 5
MAX_OBSERVACIONES = 300
PBS = "PBS"


class PresolicitudState(StrEnum):
    RADICADA = "RADICADA"  # sent, waiting for an operator
    EN_REVISION = "EN REVISION"  # an operator took it
    EN_PROCESO = "EN PROCESO"  # accepted for authorisation: the OPS loads follow it from here
    DEVUELTA = "DEVUELTA"  # returned with an observation: the affiliate sends a new one


OPEN_STATES = (PresolicitudState.RADICADA, PresolicitudState.EN_REVISION)


@dataclass(frozen=True, slots=True)
class Consent:
    """The NOTIFICACIÓN JURAMENTADA accepted: which version, when, by whom (the caller's identity)."""

    version: str
    accepted_at: datetime
    identity: str


@dataclass(frozen=True, slots=True)
class AttachedFile:
    file_id: str
    tipo_soporte: str
    filename: str
    content_type: str
    size: int
    key: str  # server-chosen, under the supports' prefix


@dataclass(frozen=True, slots=True)
class Draft:
    """A request being filled: files are uploaded (and deleted) one by one before it is sent."""

    draft_id: str
    owner: str  # the caller's identity
    affiliate: str  # the identity of the person the request is for (the caller or an own minor)
    plan: str  # PBS or the PAC plan chosen
    consent: Consent
    files: tuple[AttachedFile, ...]
    created_at: datetime
    expires_at: int  # epoch seconds
    version: int = 0  # optimistic lock of the files' list

    def count_of(self, tipo_soporte: str) -> int:
        return sum(1 for f in self.files if f.tipo_soporte == tipo_soporte)


@dataclass(frozen=True, slots=True)
class OperatorAction:
    by: str  # the operator's person id
    at: datetime


@dataclass(frozen=True, slots=True)
class Presolicitud:
    presolicitud_id: str  # opaque: derived from the caller and the client's idempotency key
    numero: str  # "PS-AAAA-000123"
    affiliate: str
    requested_by: str
    plan: str
    observaciones: str
    files: tuple[AttachedFile, ...]
    consent: Consent
    state: PresolicitudState
    created_at: datetime
    taken: OperatorAction | None = None
    decided: OperatorAction | None = None
    observacion: str | None = None  # the operator's, when returned


class PresolicitudStore(Protocol):
    def record_consent(self, consent: Consent) -> None: ...

    def consent_of(self, identity: str, version: str) -> Consent | None: ...

    def add_draft(self, draft: Draft) -> None: ...

    def draft(self, draft_id: str) -> Draft | None: ...

    def replace_files(self, draft_id: str, files: tuple[AttachedFile, ...], expected_version: int) -> bool:
        """False when the draft changed since it was read at `expected_version` (another upload or delete)."""
        ...

    def submit(self, presolicitud: Presolicitud, draft_id: str) -> bool:
        """Writes it and removes the draft at once; False when this presolicitud already exists or the draft is
        gone (a second click, or the same draft sent with another key)."""
        ...

    def presolicitud(self, presolicitud_id: str) -> Presolicitud | None: ...

    def in_state(self, state: PresolicitudState, *, limit: int, cursor: str | None) -> Page[Presolicitud]: ...

    def of_affiliates(self, identities: Iterable[str]) -> list[Presolicitud]: ...

    def take(self, presolicitud_id: str, action: OperatorAction) -> bool:
        """RADICADA → EN REVISION for this operator; False when it is no longer RADICADA."""
        ...

    def decide(self, presolicitud_id: str, state: PresolicitudState, action: OperatorAction,
               observacion: str | None) -> bool:
        """RADICADA, or EN REVISION by this same operator → `state`; False otherwise."""
        ...
