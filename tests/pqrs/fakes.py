"""In-memory PqrsStore: the PQRS services' unit tests run on it (no moto, no AWS). Same rules as the repository:
one consecutive per year, an idempotency key files once, answer only EN GESTION, rate only the owner's FINALIZADO
PQRS once. Pages are plain offsets (the cursor is the next position)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import datetime

from chalicelib.common.pagination import Page
from chalicelib.pqrs.catalogue import PqrsState
from chalicelib.pqrs.types import Answer, Pqrs


def _page(items: list[Pqrs], limit: int, cursor: str | None) -> Page[Pqrs]:
    start = int(cursor or 0)
    rest = items[start:start + limit]
    return Page(rest, str(start + limit) if start + limit < len(items) else None)


class FakePqrsStore:
    def __init__(self):
        self.items: dict[str, Pqrs] = {}
        self.keys: dict[str, str] = {}
        self.counters: dict[int, int] = defaultdict(int)

    def next_number(self, year: int) -> int:
        self.counters[year] += 1
        return self.counters[year]

    def add(self, pqrs: Pqrs, idempotency_key: str | None = None) -> str:
        if idempotency_key is not None and idempotency_key in self.keys:
            return self.keys[idempotency_key]
        assert pqrs.radicado not in self.items
        self.items[pqrs.radicado] = pqrs
        if idempotency_key is not None:
            self.keys[idempotency_key] = pqrs.radicado
        return pqrs.radicado

    def get(self, radicado: str) -> Pqrs | None:
        return self.items.get(radicado)

    def of_affiliate(self, identity: str, *, limit: int, cursor: str | None) -> Page[Pqrs]:
        mine = sorted((p for p in self.items.values() if p.affiliate == identity),
                      key=lambda p: (p.filed_at, p.radicado), reverse=True)
        return _page(mine, limit, cursor)

    def in_state(self, state: PqrsState, *, limit: int, cursor: str | None) -> Page[Pqrs]:
        found = sorted((p for p in self.items.values() if p.state is state), key=lambda p: (p.due_on, p.radicado))
        return _page(found, limit, cursor)

    def due_in(self, month: str) -> list[Pqrs]:
        return [p for p in self.items.values() if p.due_on.isoformat()[:7] == month]

    def answer(self, radicado: str, answer: Answer) -> bool:
        pqrs = self.items.get(radicado)
        if pqrs is None or pqrs.state is not PqrsState.EN_GESTION:
            return False
        self.items[radicado] = replace(pqrs, state=PqrsState.FINALIZADO, answer=answer)
        return True

    def rate(self, radicado: str, identity: str, stars: int, at: datetime) -> bool:
        pqrs = self.items.get(radicado)
        if pqrs is None or pqrs.affiliate != identity or pqrs.state is not PqrsState.FINALIZADO or pqrs.rating:
            return False
        self.items[radicado] = replace(pqrs, rating=stars, rated_at=at)
        return True
