"""Radicación: the radicado "AAAA-NNNNNN" (Bogotá year, the year's consecutive from one atomic counter), the due
date on the legal clock, and the write — once per idempotency key, so a double submit files one PQRS (the second
request's consecutive is left unused: radicados may skip a number, never repeat one)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from chalicelib.common.clock import BOGOTA
from chalicelib.pqrs.catalogue import Channel, PqrsState, PqrsType
from chalicelib.pqrs.deadlines import due_date
from chalicelib.pqrs.store import PqrsStore
from chalicelib.pqrs.types import Pqrs, Sender

RADICADO = re.compile(r"20\d\d-\d{6}")


def radicado_of(year: int, number: int) -> str:
    return f"{year:04d}-{number:06d}"


class Filing:
    def __init__(self, store: PqrsStore, now: Callable[[], datetime]):
        self._store = store
        self._now = now

    def file(self, tipo: PqrsType, descripcion: str, *, affiliate: str | None = None, sender: Sender | None = None,
             idempotency_key: str | None = None) -> tuple[Pqrs, bool]:
        """The PQRS and whether this call filed it (False: the key's first call did; that one is answered)."""
        now = self._now()
        filed_on = now.astimezone(BOGOTA).date()
        radicado = radicado_of(filed_on.year, self._store.next_number(filed_on.year))
        pqrs = Pqrs(radicado=radicado, tipo=tipo, channel=Channel.CONTACTO if sender else Channel.PORTAL,
                    descripcion=descripcion, filed_at=now, due_on=due_date(filed_on, tipo),
                    state=PqrsState.EN_GESTION, affiliate=affiliate, sender=sender)
        stored = self._store.add(pqrs, idempotency_key)
        if stored == radicado:
            return pqrs, True
        first = self._store.get(stored)
        if first is None:  # not reached: the key is written in the same transaction as its PQRS
            raise RuntimeError("idempotency key without its PQRS")
        return first, False
