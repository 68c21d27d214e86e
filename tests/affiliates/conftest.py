from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from datetime import date

import pytest

from chalicelib.affiliates.repository import AffiliateRepository
from chalicelib.ingest import service
from chalicelib.providers.repository import existing_providers
from chalicelib.spreadsheets import read_rows
from devstack.demodata import generate

TODAY = date(2026, 3, 10)


def csv_of(entity: str, rows: Iterable[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, [c.name for c in service.columns_of(entity)], restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def validated(entity: str, data: bytes):
    """(typed records, result): the file read and validated as the pipeline does, nothing written."""
    records: list = []
    result = service.validate(entity, read_rows(io.BytesIO(data), f"{entity}.csv", service.columns_of(entity)),
                              existing_providers, sink=records.extend, chunk_size=7)
    return records, result


def load(entity: str, data: bytes):
    """Read, validate and write in-process (the pipeline's own steps, without Step Functions)."""
    records, result = validated(entity, data)
    service.write(entity, records)
    return result


@pytest.fixture
def demo_files(tmp_path) -> dict[str, bytes]:
    generate(tmp_path, providers=2, invoices_per_provider=0, seed=5, today=TODAY)
    return {path.stem: path.read_bytes() for path in tmp_path.glob("*.csv")}


@pytest.fixture
def demo_loaded(aws, demo_files) -> dict:
    results = {}
    for entity in ("providers", "afiliados", "grupo_familiar", "planes_pac", "documentos_pendientes"):
        results[entity] = load(entity, demo_files[entity])
        assert results[entity].rejected == [] and results[entity].accepted_rows > 0, entity
    return results


@pytest.fixture
def repository(aws) -> AffiliateRepository:
    return AffiliateRepository()


def repository_dated(day: date) -> AffiliateRepository:
    """A repository whose loads are stamped `day` (the extract's date)."""
    return AffiliateRepository(today=lambda: day)


Loader = Callable[[date, bytes], None]
