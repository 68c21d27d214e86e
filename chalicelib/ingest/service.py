"""Use cases of the ingestion pipeline, called by its Lambda tasks (no AWS clients, no environment).

    result = validate("invoices", read_rows(file, name, columns_of("invoices")), existing_providers, sink)
    write("invoices", chunk)            # for each chunk the sink received
    derive("payments", chunk)           # after all chunks are written (see chalicelib.ingest.derive)
    rejected_rows_csv(result.rejected, columns_of("invoices"))
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from itertools import islice

from pynamodb.models import Model

from chalicelib.common.spreadsheet import neutralise
from chalicelib.ingest.derive import DeriveResult
from chalicelib.ingest.readers import Row
from chalicelib.ingest.schema import Column, TypedRow
from chalicelib.ingest.schemas import SCHEMAS, get_schema
from chalicelib.ingest.validation import (
    ExistingProviders,
    RejectedRow,
    Sink,
    ValidationResult,
    validate_rows,
)

__all__ = [
    "SCHEMAS", "DeriveResult", "RejectedRow", "ValidationResult",
    "columns_of", "derive", "rejected_rows_csv", "validate", "write",
]

WRITE_CHUNK = 100  # BatchGetItem's limit, for attributes preserved from stored items
REJECTION_COLUMN = "Motivo del rechazo"


def columns_of(entity: str) -> tuple[Column, ...]:
    return get_schema(entity).columns


def validate(
    entity: str,
    rows: Iterable[Row],
    existing_providers: ExistingProviders,
    sink: Sink | None = None,
    chunk_size: int = 1000,
) -> ValidationResult:
    """Validate rows read from a file. Valid records go to sink(chunk) (or result.valid without one)."""
    return validate_rows(get_schema(entity), rows, existing_providers, sink, chunk_size)


def write(entity: str, records: Iterable[TypedRow]) -> int:
    """Put the items of valid records (BatchWriteItem, retrying unprocessed items); returns items put.

    Items overwrite by key, so writing the same records again changes nothing.
    """
    schema = get_schema(entity)
    written = 0
    records = iter(records)
    while chunk := list(islice(records, WRITE_CHUNK)):
        items_by_model: dict[type[Model], dict[tuple, Model]] = {m: {} for m in schema.models}
        for record in chunk:
            for item in schema.to_items(record):
                # Rows of one payment repeat the same Payment item; a batch may not hold a key twice.
                items_by_model[type(item)][_key(item)] = item
        for model, items in items_by_model.items():
            if schema.preserve_attributes:
                _preserve(model, items, schema.preserve_attributes)
            with model.batch_write() as batch:
                for item in items.values():
                    batch.save(item)
            written += len(items)
    return written


def derive(entity: str, records: Iterable[TypedRow]) -> DeriveResult:
    """Recompute what depends on the written records (idempotent); nothing for most entities."""
    schema = get_schema(entity)
    return schema.derive(records) if schema.derive else DeriveResult()


def rejected_rows_csv(rejected: Sequence[RejectedRow], columns: Sequence[Column] | None = None) -> bytes:
    """CSV for Excel (UTF-8 with BOM, ";"): the file's columns, its line, and the rejection reasons."""
    names = [c.name for c in columns] if columns else _names_in_order(rejected)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Fila", *names, REJECTION_COLUMN])
    for row in rejected:
        cells = [neutralise(row.values.get(n, "")) for n in names]
        writer.writerow([row.line, *cells, neutralise("; ".join(row.reasons))])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _names_in_order(rejected: Sequence[RejectedRow]) -> list[str]:
    names: dict[str, None] = {}
    for row in rejected:
        names.update(dict.fromkeys(row.values))
    return list(names)


def _key(item: Model) -> tuple:
    cls = type(item)
    return getattr(item, cls._hash_keyname), getattr(item, cls._range_keyname) if cls._range_keyname else None


def _preserve(model: type[Model], items: dict[tuple, Model], attributes: Sequence[str]) -> None:
    """Copy attributes maintained by derive() from the stored items, so that a re-load keeps them."""
    projection = [model._hash_keyname, model._range_keyname, *attributes]
    for stored in model.batch_get(list(items), attributes_to_get=projection):
        item = items[_key(stored)]
        for name in attributes:
            setattr(item, name, getattr(stored, name))
