"""The fake follows the repository's rules (the same cases run against moto in test_repository.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from chalicelib.affiliates.types import Contact
from tests.affiliates.fakes import FakeAffiliateDirectory, affiliate


def test_a_novedad_shows_until_an_extract_dated_after_it():
    directory = FakeAffiliateDirectory()
    person = directory.add(affiliate(extract_date=date(2026, 3, 1)))
    directory.record([person.identity], Contact(celular="3001112233"), at=datetime(2026, 3, 5, 15, tzinfo=UTC),
                     channel="portal")
    directory.load_extract(person, date(2026, 3, 4))
    assert directory.find(person.identity).contact.celular == "3001112233"
    assert directory.pending_for([person.identity])
    directory.load_extract(person, date(2026, 3, 6))
    assert directory.find(person.identity).contact.celular == person.contact.celular
    assert directory.pending_for([person.identity]) == {}


def test_the_fake_ref_carries_no_document_digits():
    person = affiliate("CC", "1032456789")
    assert "1032456789" not in person.ref and len(person.ref) >= 16
