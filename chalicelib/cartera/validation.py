"""Validation of a cartera file: the whole file (format, one sheet, header, at most 50,000 rows — the bounded
reader raises FileRejected) and each row (the seed's table, saldo ≤ valor, one row per invoice).

Rows come from the reader as tuples and are parsed a column at a time (column_cells); a row with a cell in an
unusual form, a broken rule or a repeated invoice goes through the schema's parser row by row, as every row did
before, so the reasons and values are the same."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import partial
from typing import BinaryIO

from chalicelib.cartera.column_cells import SLOW, column_values
from chalicelib.cartera.columns import COLUMNS, LIMITS, SCHEMA
from chalicelib.ingest.schema import TypedRow
from chalicelib.spreadsheets import FileRejected, read_cells

_NAMES = tuple(c.name for c in COLUMNS)
_FIELDS = tuple(c.field for c in COLUMNS)


@dataclass
class Validated:
    valid: list[tuple[int, TypedRow]] = field(default_factory=list)  # (line, typed row), in file order
    rejected: list[dict] = field(default_factory=list)  # {"fila", "values" (as read), "reasons"}

    @property
    def total(self) -> int:
        return len(self.valid) + len(self.rejected)


def validate_file(source: str | os.PathLike | BinaryIO, filename: str) -> Validated:
    numbered = list(read_cells(source, filename, COLUMNS, LIMITS))
    if not numbered:
        raise FileRejected("El archivo no tiene filas de datos: diligencie la plantilla debajo del encabezado")
    lines, rows = zip(*numbered, strict=True)
    values = [column_values(column, list(map(str.strip, texts)))
              for column, texts in zip(COLUMNS, zip(*rows, strict=True), strict=True)]
    typed = list(map(dict, map(partial(zip, _FIELDS), zip(*values, strict=True))))
    plain = not any(SLOW in column for column in values) and not any(
        any(map(rule, typed)) for rule in SCHEMA.row_rules)
    keys = list(zip(*(values[_FIELDS.index(f)] for f in SCHEMA.key_fields), strict=True))
    if plain and len(set(keys)) == len(keys):  # the file as most are: every row valid, each invoice once
        return Validated(list(zip(lines, typed, strict=True)))
    return _row_by_row(lines, rows, typed)


def _row_by_row(lines: tuple[int, ...], rows: tuple[tuple[str, ...], ...], typed: list[TypedRow]) -> Validated:
    result = Validated()
    seen: dict[tuple, int] = {}
    for line, cells, row in zip(lines, rows, typed, strict=True):
        raw = dict(zip(_NAMES, cells, strict=True))
        if SLOW in row.values():
            row, reasons = SCHEMA.parse_row(raw)
        else:
            reasons = [reason for rule in SCHEMA.row_rules for reason in rule(row)]
            row = None if reasons else row
        if row is not None:
            key = SCHEMA.key_of(row)
            first = seen.setdefault(key, line)
            if first != line:
                reasons = [f"Factura repetida: {SCHEMA.describe_key(key)} ya aparece en la fila {first}"]
        if reasons:
            result.rejected.append({"fila": line, "values": raw, "reasons": reasons})
        else:
            result.valid.append((line, row))
    return result
