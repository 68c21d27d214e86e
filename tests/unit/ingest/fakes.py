"""In-memory stand-ins of what the ingestion pipeline's tasks are handed besides the jobs, leases, sequences and
storage (tests/unit/uploads/fakes.py): the entities' tables and the provider registry."""

from __future__ import annotations

from collections import defaultdict

from chalicelib.ingest.derive import DeriveResult


class FakeTables:
    """The owner repositories of the entities' tables: rows written by key (a row written again changes nothing),
    and the derive step's answer, set by the test."""

    def __init__(self, derived: DeriveResult | None = None):
        self.rows: dict[str, list[dict]] = defaultdict(list)
        self.derived_from: dict[str, list[dict]] = {}
        self.derived = derived or DeriveResult()

    def write(self, entity: str, records) -> int:
        records = list(records)
        self.rows[entity] += [r for r in records if r not in self.rows[entity]]
        return len(records)

    def derive(self, entity: str, records) -> DeriveResult:
        self.derived_from[entity] = list(records)
        return self.derived


class FakeRegistry:
    """The provider registry as validation asks it: which of these provider ids exist."""

    def __init__(self, *provider_ids: str):
        self.known = set(provider_ids)
        self.asked: list[set[str]] = []

    def __call__(self, provider_ids) -> set[str]:
        wanted = set(provider_ids)
        self.asked.append(wanted)
        return wanted & self.known
