"""What the affiliate services need from the affiliates' data; `repository.AffiliateRepository` is the real one,
tests use in-memory fakes of the same shape."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Protocol

from chalicelib.affiliates.types import (
    Affiliate,
    Contact,
    FamilyLink,
    IpsSite,
    PacPlan,
    PendingDocument,
    PendingNovedad,
)


class AffiliateDirectory(Protocol):
    def find(self, identity: str) -> Affiliate | None: ...

    def find_by_ref(self, ref: str) -> Affiliate | None: ...

    def many(self, identities: Iterable[str]) -> Mapping[str, Affiliate]:
        """One BatchGetItem round per 100, whatever the family's size (the home page's requests stay constant)."""
        ...

    def family_of(self, cotizante: str) -> list[FamilyLink]: ...

    def cotizantes_of(self, beneficiario: str) -> list[FamilyLink]: ...

    def pac_plans_of(self, identity: str) -> list[PacPlan]: ...

    def pending_documents_of(self, identities: Iterable[str]) -> list[PendingDocument]: ...

    def ips_site(self, nit: str, sucursal: str) -> IpsSite | None: ...

    def ips_sites(self, keys: Iterable[tuple[str, str]]) -> Mapping[tuple[str, str], IpsSite]: ...

    def primary_ips_in(self, departamento: str, municipio: str) -> list[IpsSite]: ...


class Novedades(Protocol):
    """Portal edits of contact data: shown over the extract until an extract dated after them arrives."""

    def record(self, identities: Iterable[str], contact: Contact, *, at: datetime, channel: str) -> str: ...

    def pending_for(self, identities: Iterable[str]) -> Mapping[str, list[tuple[datetime, Contact]]]: ...

    def every_pending(self) -> Iterator[PendingNovedad]:
        """Every novedad still pending over its person's extract (the operators' export), in no set order; read
        page by page, so memory does not grow with their number."""
        ...
