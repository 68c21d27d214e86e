"""Monthly counts of authorisations, recomputed from the authorisations themselves (never incremented).

The period of an authorisation is the month of its generation date: it is "directed" in that month, and
if it was used (on any later date) it is "used" in that same month, with its days from generation to use.
A re-load of an authorisation that became used therefore changes its month's figures exactly once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class CellKey:
    month: str  # "YYYY-MM"
    sucursal: str
    ambito: str
    grupo: str

    def encode(self) -> str:
        return f"{self.month}#{self.sucursal}#{self.ambito}#{self.grupo}"

    @classmethod
    def decode(cls, text: str) -> CellKey:
        month, sucursal, ambito, grupo = text.split("#", 3)
        return cls(month, sucursal, ambito, grupo)


@dataclass(slots=True)
class Counts:
    directed: int = 0
    used: int = 0
    days_to_use: int = 0

    def add(self, other: Counts) -> None:
        self.directed += other.directed
        self.used += other.used
        self.days_to_use += other.days_to_use


@dataclass(frozen=True, slots=True)
class AuthorizationFacts:
    sucursal: str
    ambito: str
    grupo: str
    generated: str  # ISO date
    used: str | None


def days_between(start: str, end: str) -> int:
    return (date.fromisoformat(end) - date.fromisoformat(start)).days


def count(authorizations: Iterable[AuthorizationFacts]) -> dict[CellKey, Counts]:
    cells: dict[CellKey, Counts] = {}
    for a in authorizations:
        counts = cells.setdefault(CellKey(a.generated[:7], a.sucursal, a.ambito, a.grupo), Counts())
        counts.directed += 1
        if a.used:
            counts.used += 1
            counts.days_to_use += days_between(a.generated, a.used)
    return cells


def affected_months(rows: Iterable[dict]) -> set[tuple[str, str]]:
    """(provider, month) pairs an ingested file touched."""
    return {(row["provider_id"], row["fecha_generacion"][:7]) for row in rows}
