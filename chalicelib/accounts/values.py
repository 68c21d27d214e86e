"""What the account repository hands out and takes: plain frozen values, never a PynamoDB record.

Changes go through the repository's methods (conditional writes and transactions live there); a service that
needs a changed value asks the repository, which answers with the value as stored. The field names are the
models' attribute names (tests/unit/accounts/test_values.py keeps them in step).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime


def join_names(*parts: str | None) -> str:
    return " ".join(p for p in parts if p)


def new_user_id() -> str:
    """16 URL-safe characters (96 random bits): what a path names instead of a document number."""
    return secrets.token_urlsafe(12)


@dataclass(frozen=True, slots=True)
class Person:
    """Credentials and personal data of one person, whatever providers they work for."""

    person_id: str  # identity_key(doc_type, number), e.g. "CC#1032456789"
    doc_type: str
    doc_number: str
    primer_nombre: str
    primer_apellido: str
    correo: str
    password_hash: str
    created_at: datetime
    segundo_nombre: str | None = None
    segundo_apellido: str | None = None
    celular: str | None = None
    must_change_password: bool = False
    token_version: int = 1
    password_changed_at: datetime | None = None
    pending_password_hash: str | None = None
    pending_password_expires_at: int | None = None
    emailed_password_hash: str | None = None
    consent: dict | None = None

    @property
    def full_name(self) -> str:
        return join_names(self.primer_nombre, self.segundo_nombre, self.primer_apellido, self.segundo_apellido)

    def pending_hash(self, now: int) -> str | None:
        """The emailed reset password while it is usable."""
        if self.pending_password_hash and (self.pending_password_expires_at or 0) > now:
            return self.pending_password_hash
        return None


@dataclass(frozen=True, slots=True)
class Membership:
    """A person's role, granted menus and state in one provider (names and contact as this provider gave them)."""

    person_id: str
    provider_id: str
    role: str  # ADMINISTRADOR | DELEGADO | OPERADOR
    primer_nombre: str
    primer_apellido: str
    cargo: str
    area: str
    correo: str
    created_at: datetime | None
    updated_at: datetime | None
    # The id an administrator's URLs use for this person in this provider: opaque, and different in each
    # provider, so no document number reaches access logs and ids do not correlate across providers.
    user_id: str = field(default_factory=new_user_id)
    segundo_nombre: str | None = None
    segundo_apellido: str | None = None
    menus: frozenset[str] = frozenset()
    state: str = "ACTIVA"  # MembershipState
    departamento: str | None = None
    ciudad: str | None = None
    telefono: str | None = None
    extension: str | None = None
    celular: str | None = None
    fin_vigencia: str = "9999-12-31"
    session_version: int = 1

    @property
    def full_name(self) -> str:
        return join_names(self.primer_nombre, self.segundo_nombre, self.primer_apellido, self.segundo_apellido)


@dataclass(frozen=True, slots=True)
class Registration:
    """A provider's registration: PENDIENTE with its live applications, then ACTIVA for good."""

    provider_id: str
    registered_at: datetime
    state: str  # PENDIENTE | ACTIVA
    admin_person_id: str | None = None
    # {application id: {"code_hash", "expires_at", "created_at", "form"}} while PENDIENTE
    pending: dict | None = None
    revision: int = 0
    terms_version: str | None = None
