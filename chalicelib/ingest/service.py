"""Use cases of the ingestion pipeline, called by its Lambda tasks (no AWS clients, no environment).

    result = validate("invoices", read_rows(file, name, columns_of("invoices")), existing_providers, sink)
    write("invoices", chunk)            # for each chunk the sink received
    derive("payments", chunk)           # after all chunks are written (see chalicelib.ingest.derive)
    with RejectedRowsReport(open(path, "w", ...), columns_of("invoices")) as report:
        validate("invoices", rows, existing_providers, sink, reject=report.add)   # rejections streamed
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import TextIO

from chalicelib.common.spreadsheet import EXCEL_ES, neutralise
from chalicelib.ingest.derive import DeriveResult
from chalicelib.ingest.schema import Column, TypedRow
from chalicelib.ingest.schemas import SCHEMAS, get_schema
from chalicelib.ingest.validation import (
    ExistingProviders,
    RejectedRow,
    RejectionSink,
    Sink,
    ValidationResult,
    validate_rows,
)
from chalicelib.spreadsheets import Row

__all__ = [
    "SCHEMAS", "DeriveResult", "RejectedRow", "RejectedRowsReport", "ValidationResult",
    "columns_of", "derive", "rejected_rows_csv", "validate", "write",
]

REJECTION_COLUMN = "Motivo del rechazo"


def columns_of(entity: str) -> tuple[Column, ...]:
    return get_schema(entity).columns


def validate(
    entity: str,
    rows: Iterable[Row],
    existing_providers: ExistingProviders,
    sink: Sink | None = None,
    chunk_size: int = 1000,
    reject: RejectionSink | None = None,
) -> ValidationResult:
    """Validate rows read from a file. Valid records go to sink(chunk) (or result.valid without one), rejected
    rows to reject(row) in line order (or result.rejected without one)."""
    return validate_rows(get_schema(entity), rows, existing_providers, sink, chunk_size, reject)


def write(entity: str, records: Iterable[TypedRow]) -> int:
    """Store valid records through the owner repository of the entity's tables (BatchWriteItem of raw items,
    retrying unprocessed ones); returns items put. Items overwrite by key, so writing the same records again
    changes nothing."""
    schema = get_schema(entity)
    assert schema.put_batch, f"{entity} is not stored by ingestion"
    return schema.put_batch(records if isinstance(records, list) else list(records))


def derive(entity: str, records: Iterable[TypedRow]) -> DeriveResult:
    """Recompute what depends on the written records (idempotent); nothing for most entities."""
    schema = get_schema(entity)
    return schema.derive(records) if schema.derive else DeriveResult()


class RejectedRowsReport:
    """CSV for Excel (UTF-8 with BOM, ";") written row by row: the file's columns, its line, the reasons."""

    def __init__(self, stream: TextIO, names: Sequence[str]):
        self._stream, self._names = stream, list(names)
        self._writer = csv.writer(stream, dialect=EXCEL_ES)
        stream.write("\ufeff")
        self._writer.writerow(["Fila", *self._names, REJECTION_COLUMN])

    def add(self, row: RejectedRow) -> None:
        cells = [neutralise(row.values.get(n, "")) for n in self._names]
        self._writer.writerow([row.line, *cells, neutralise("; ".join(row.reasons))])

    def __enter__(self) -> RejectedRowsReport:
        return self

    def __exit__(self, *_exc) -> None:
        self._stream.close()


def rejected_rows_csv(rejected: Sequence[RejectedRow], columns: Sequence[Column] | None = None) -> bytes:
    """The whole report as bytes (small reports; the pipeline streams RejectedRowsReport to a file)."""
    buffer = io.StringIO()
    report = RejectedRowsReport(buffer, [c.name for c in columns] if columns else _names_in_order(rejected))
    for row in rejected:
        report.add(row)
    return buffer.getvalue().encode("utf-8")


def _names_in_order(rejected: Sequence[RejectedRow]) -> list[str]:
    names: dict[str, None] = {}
    for row in rejected:
        names.update(dict.fromkeys(row.values))
    return list(names)

