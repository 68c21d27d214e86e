"""What the PQRS services need from storage: `repository.PqrsRepository`, or an in-memory fake in unit tests."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from chalicelib.common.pagination import Page
from chalicelib.pqrs.catalogue import PqrsState
from chalicelib.pqrs.types import Answer, Pqrs


class PqrsStore(Protocol):
    def next_number(self, year: int) -> int:
        """The year's next consecutive (1, 2, …): one atomic counter, never the same number twice."""
        ...

    def add(self, pqrs: Pqrs, idempotency_key: str | None = None) -> str:
        """Store a new PQRS (its radicado must be new). With `idempotency_key`, only once per key: a second call
        with the same key stores nothing and answers the radicado stored the first time."""
        ...

    def get(self, radicado: str) -> Pqrs | None: ...

    def of_affiliate(self, identity: str, *, limit: int, cursor: str | None) -> Page[Pqrs]:
        """Newest first."""
        ...

    def in_state(self, state: PqrsState, *, limit: int, cursor: str | None) -> Page[Pqrs]:
        """Soonest due first."""
        ...

    def due_in(self, month: str) -> list[Pqrs]:
        """Every PQRS whose due date falls in the month "AAAA-MM"."""
        ...

    def answer(self, radicado: str, answer: Answer) -> bool:
        """False unless it was EN GESTION (answered once)."""
        ...

    def rate(self, radicado: str, identity: str, stars: int, at: datetime) -> bool:
        """False unless it is the owner's, FINALIZADO and not rated yet."""
        ...
