"""The one way persons and memberships are made (registration, user administration, operators, demo)."""

from __future__ import annotations

from datetime import datetime

from chalicelib.accounts.permissions import MembershipState, Role
from chalicelib.accounts.values import Membership, Person
from chalicelib.common.identifiers import InvalidDocument, identity_key, normalize_document_number
from chalicelib.security.passwords import generate_password, hash_password


def new_person(person_id: str, doc_type: str, doc_number: str, *, primer_nombre: str, primer_apellido: str,
               correo: str, now: datetime, segundo_nombre: str | None = None, segundo_apellido: str | None = None,
               celular: str | None = None, password: str | None = None, must_change_password: bool = True,
               consent: dict | None = None) -> tuple[Person, str]:
    """A new person and the password to hand over (generated unless given). The handed-over password travels
    by email or by hand, so it is remembered as one the person may never choose."""
    given = password or generate_password()
    hashed = hash_password(given)
    person = Person(
        person_id=person_id, doc_type=doc_type, doc_number=doc_number, primer_nombre=primer_nombre,
        segundo_nombre=segundo_nombre or None, primer_apellido=primer_apellido,
        segundo_apellido=segundo_apellido or None, correo=correo.lower(), celular=celular, password_hash=hashed,
        emailed_password_hash=hashed, must_change_password=must_change_password, token_version=1, created_at=now,
        consent=consent,
    )
    return person, given


def new_membership(person_id: str, provider_id: str, role: Role, *, primer_nombre: str, primer_apellido: str,
                   correo: str, cargo: str, area: str, now: datetime, state: MembershipState = MembershipState.ACTIVA,
                   menus: set[str] | None = None, segundo_nombre: str | None = None,
                   segundo_apellido: str | None = None, departamento: str | None = None, ciudad: str | None = None,
                   telefono: str | None = None, extension: str | None = None,
                   celular: str | None = None) -> Membership:
    return Membership(
        person_id=person_id, provider_id=provider_id, role=role.value, menus=frozenset(menus or ()), state=state.value,
        primer_nombre=primer_nombre, segundo_nombre=segundo_nombre or None, primer_apellido=primer_apellido,
        segundo_apellido=segundo_apellido or None, cargo=cargo, area=area, departamento=departamento,
        ciudad=ciudad, telefono=telefono, extension=extension, celular=celular, correo=correo.lower(),
        created_at=now, updated_at=now,
    )


def contact_fields(form) -> dict:
    """The fields a registration or delegate form gives both constructors (location resolved by the caller)."""
    return {
        "primer_nombre": form.primer_nombre, "segundo_nombre": form.segundo_nombre,
        "primer_apellido": form.primer_apellido, "segundo_apellido": form.segundo_apellido,
        "correo": str(form.correo), "celular": form.celular,
    }


def typed_identity(doc_type, raw_number: str) -> str:
    """The identity a login, recovery or unlock form names; an ill-formed number is still a key (a key nobody
    has), so the answer and the work are the same as for any unknown person."""
    try:
        number = normalize_document_number(doc_type, raw_number)
    except InvalidDocument:
        number = raw_number.upper()
    return identity_key(doc_type, number)
