"""Whom an affiliate may act for: themselves and the beneficiaries under 18 of their own group (Ley 1581 de 2012:
an adult beneficiary or a cónyuge only through their own account). Decided per request on Bogotá's date, so access
to a child ends on their 18th birthday. Anyone else — an adult, a stranger's ref — is one and the same 404."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from chalicelib.affiliates.ports import AffiliateDirectory, Novedades
from chalicelib.affiliates.types import Affiliate, Contact, FamilyLink
from chalicelib.common.errors import NotFound

PERSON_NOT_FOUND = "No encontramos a esa persona entre las que puede gestionar"


@dataclass(frozen=True, slots=True)
class Household:
    """The caller, their current family links (as cotizante), and the people they manage (caller first)."""

    caller: Affiliate
    links: tuple[FamilyLink, ...]
    managed: tuple[Affiliate, ...]
    others: tuple[Affiliate, ...]  # current group members the caller only sees in the summary
    today: date

    def by_ref(self, refs: Iterable[str]) -> list[Affiliate]:
        """The managed people named by `refs`, in the order given, each once; any other ref is a 404."""
        known = {person.ref: person for person in self.managed}
        chosen: dict[str, Affiliate] = {}
        for ref in refs:
            if ref not in known:
                raise NotFound(PERSON_NOT_FOUND, code="PERSON_NOT_FOUND")
            chosen.setdefault(ref, known[ref])
        return list(chosen.values())


class Households:
    """The directory answers people with their pending novedades laid over the extract (novedades.py).

    Three directory reads for any family size: the caller and their links, then every member at once."""

    def __init__(self, directory: AffiliateDirectory, novedades: Novedades, today: Callable[[], date]):
        self._directory = directory
        self._novedades = novedades
        self._today = today

    def of(self, identity: str) -> Household:
        caller = self._directory.find(identity)
        if caller is None:
            raise NotFound(PERSON_NOT_FOUND, code="PERSON_NOT_FOUND")
        today = self._today()
        links = tuple(link for link in self._directory.family_of(identity) if link.current_on(today))
        members = self._directory.many([link.beneficiario for link in links]) if links else {}
        minors, others = [], []
        for link in links:
            member = members.get(link.beneficiario)
            if member is None:
                continue
            (minors if member.is_minor_on(today) else others).append(member)
        return Household(caller, links, (caller, *minors), tuple(others), today)

    def pending(self, people: Iterable[Affiliate]) -> Mapping[str, list[tuple[datetime, Contact]]]:
        return self._novedades.pending_for([person.identity for person in people])

