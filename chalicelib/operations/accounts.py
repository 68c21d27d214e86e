"""EPS operator accounts: created by the EPS's IT team (CLI), never by self-registration."""

from __future__ import annotations

from pynamodb.exceptions import DoesNotExist

from chalicelib.accounts.models import MembershipRecord, PersonRecord
from chalicelib.accounts.people import new_membership, new_person
from chalicelib.accounts.permissions import OPERATIONS_TENANT, Role
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
    if any(m.provider_id != OPERATIONS_TENANT for m in MembershipRecord.query(person_id)):
        raise OperatorConflict(f"{doc_type.value} {number} es usuario de un prestador; no puede ser operador")
    try:
        PersonRecord.get(person_id)
        given = None
    except DoesNotExist:
        person, given = new_person(person_id, doc_type.value, number, primer_nombre=primer_nombre,
                                   primer_apellido=primer_apellido, correo=correo, now=now, password=password,
                                   must_change_password=must_change_password)
        person.save(condition=PersonRecord.person_id.does_not_exist())
    new_membership(person_id, OPERATIONS_TENANT, Role.OPERADOR, primer_nombre=primer_nombre,
                   primer_apellido=primer_apellido, correo=correo, cargo=cargo, area=area, now=now).save()
    return given
