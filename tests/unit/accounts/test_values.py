"""The account repository's values carry exactly the attributes of the records they stand for, both ways."""

from __future__ import annotations

from dataclasses import fields

import pytest

from chalicelib.accounts.models import MembershipRecord, PersonRecord, ProviderRegistrationRecord
from chalicelib.accounts.people import new_membership, new_person
from chalicelib.accounts.permissions import Role
from chalicelib.accounts.repository import as_membership, as_person
from chalicelib.accounts.values import Membership, Person, Registration
from chalicelib.common.db import record_of
from tests.unit.accounts.fakes import NOW

PAIRS = [(Person, PersonRecord), (Membership, MembershipRecord), (Registration, ProviderRegistrationRecord)]


@pytest.mark.parametrize(("value", "model"), PAIRS, ids=lambda t: t.__name__)
def test_a_value_names_every_attribute_of_its_record(value, model):
    assert {f.name for f in fields(value)} == set(model.get_attributes())


def test_person_and_membership_survive_the_trip_through_their_records():
    person, _ = new_person("CC#52000111", "CC", "52000111", primer_nombre="Luz", primer_apellido="Díaz",
                           correo="Luz@Clinica.example.co", now=NOW, consent={"version": "PTD-2024-01"})
    membership = new_membership(person.person_id, "NI#900123456", Role.DELEGADO, primer_nombre="Luz",
                                primer_apellido="Díaz", correo=person.correo, cargo="Analista", area="Glosas",
                                now=NOW, menus={"GLOSAS", "PAGOS"})
    assert as_person(record_of(PersonRecord, person)) == person
    assert as_membership(record_of(MembershipRecord, membership)) == membership
    assert membership.menus == frozenset({"GLOSAS", "PAGOS"}) and len(membership.user_id) == 16
