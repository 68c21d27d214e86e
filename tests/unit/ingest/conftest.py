from __future__ import annotations

import io

import pytest

import chalicelib.eps.models  # noqa: F401 - registers the tables
import chalicelib.payments.models  # noqa: F401
from chalicelib.common.identifiers import nit_check_digit
from chalicelib.ingest import service
from chalicelib.providers.repository import existing_providers
from chalicelib.spreadsheets import read_rows

DEMO_NIT = f"900123456-{nit_check_digit('900123456')}"
OTHER_NIT = f"800987654-{nit_check_digit('800987654')}"


def csv_bytes(header: list[str], *rows: list[str], delimiter: str = ",", bom: bool = False) -> bytes:
    lines = [delimiter.join(header), *(delimiter.join(r) for r in rows)]
    return (("\ufeff" if bom else "") + "\n".join(lines) + "\n").encode("utf-8")


def read_rows_of(entity: str, data: bytes, filename: str | None = None):
    return read_rows(io.BytesIO(data), filename or f"{entity}.csv", service.columns_of(entity))


def load(entity: str, data: bytes, filename: str | None = None):
    """The whole pipeline in-process: read, validate, write, derive."""
    rows = read_rows_of(entity, data, filename)
    written = []
    result = service.validate(entity, rows, existing_providers, sink=written.extend, chunk_size=7)
    service.write(entity, written)
    service.derive(entity, written)
    return result


@pytest.fixture
def providers_loaded(aws):
    data = csv_bytes(
        ["NIT", "Razón social", "Código sucursal", "Nombre sucursal", "Departamento", "Ciudad"],
        [DEMO_NIT, "Clínica Demo del Valle S.A.S.", "001", "Sede Norte", "Valle del Cauca", "Cali"],
        [DEMO_NIT, "Clínica Demo del Valle S.A.S.", "002", "Sede Sur", "Valle del Cauca", "Palmira"],
        [OTHER_NIT, "IPS Otra", "001", "Principal", "Antioquia", "Medellín"],
    )
    result = load("providers", data)
    assert result.rejected == []
    return result
