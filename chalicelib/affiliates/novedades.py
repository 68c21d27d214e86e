"""When a portal edit (novedad) still shows over the EPS's extract, and how it is laid over it.

A novedad made on day D (Bogotá) stays pending while the person's row comes from an extract dated D or before:
the extract of that day may have been cut before the edit. An extract dated after D supersedes it.
In a novedad's Contact, None means "not part of this edit"; an empty string clears the field."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields, replace
from datetime import date, datetime

from chalicelib.affiliates.types import Affiliate, Contact
from chalicelib.common.clock import BOGOTA

CONTACT_FIELDS = tuple(f.name for f in fields(Contact))


def is_pending(at: datetime, extract_date: date | None) -> bool:
    return extract_date is None or at.astimezone(BOGOTA).date() >= extract_date


def overlay(contact: Contact, edits: Iterable[tuple[datetime, Contact]]) -> Contact:
    """The extract's contact with the edits applied oldest first (a later edit wins field by field)."""
    for _at, edit in sorted(edits, key=lambda pair: pair[0]):
        changed = {name: value for name in CONTACT_FIELDS if (value := getattr(edit, name)) is not None}
        contact = replace(contact, **changed)
    return contact


def with_pending(affiliate: Affiliate, edits: Iterable[tuple[datetime, Contact]]) -> Affiliate:
    pending = [(at, edit) for at, edit in edits if is_pending(at, affiliate.extract_date)]
    return replace(affiliate, contact=overlay(affiliate.contact, pending)) if pending else affiliate
