"""EPS operator accounts: created by the EPS's IT team (CLI), never by self-registration."""

from __future__ import annotations

from chalicelib.accounts.people import new_membership, new_person
from chalicelib.accounts.permissions import OPERATIONS_TENANT, Role
from chalicelib.accounts.repository import AccountRepository, AlreadyExists
from chalicelib.common import clock
from chalicelib.common.identifiers import DocumentType, identity_key, normalize_document_number


class OperatorConflict(Exception):
    """The person works for a provider: an operator reads every provider's data, so never both."""


def create_operator(doc_type: DocumentType, number: str, *, primer_nombre: str, primer_apellido: str, correo: str,
                    cargo: str = "Operador", area: str = "Operaciones", password: str | None = None,
                    must_change_password: bool = True) -> str:
    """Create (or link) the operator and return the password to hand over (None if the person existed)."""
    number = normalize_document_number(doc_type, number)
    person_id = identity_key(doc_type, number)
    now = clock.utcnow()
    accounts = AccountRepository()
    if any(m.provider_id != OPERATIONS_TENANT for m in accounts.memberships_of(person_id)):
        raise OperatorConflict(f"{doc_type.value} {number} es usuario de un prestador; no puede ser operador")
    given = None
    if accounts.get_person(person_id) is None:
        person, given = new_person(person_id, doc_type.value, number, primer_nombre=primer_nombre,
                                   primer_apellido=primer_apellido, correo=correo, now=now, password=password,
                                   must_change_password=must_change_password)
        accounts.add_person(person)
    try:
        accounts.add_membership(new_membership(person_id, OPERATIONS_TENANT, Role.OPERADOR,
                                               primer_nombre=primer_nombre, primer_apellido=primer_apellido,
                                               correo=correo, cargo=cargo, area=area, now=now))
    except AlreadyExists:
        pass  # already an operator
    return given
