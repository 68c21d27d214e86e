"""Validation of a cartera file: the whole file (format, one sheet, header, at most 50,000 rows — the bounded
reader raises FileRejected) and each row (the seed's table, saldo ≤ valor, one row per invoice)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import BinaryIO

from chalicelib.cartera.columns import COLUMNS, LIMITS, SCHEMA
from chalicelib.ingest.schema import TypedRow
from chalicelib.spreadsheets import FileRejected, read_rows


@dataclass
class Validated:
    valid: list[tuple[int, TypedRow]] = field(default_factory=list)  # (line, typed row), in file order
    rejected: list[dict] = field(default_factory=list)  # {"fila", "values" (as read), "reasons"}

    @property
    def total(self) -> int:
        return len(self.valid) + len(self.rejected)


def validate_file(source: str | os.PathLike | BinaryIO, filename: str) -> Validated:
    result = Validated()
    seen: dict[tuple, int] = {}
    for line, raw in read_rows(source, filename, COLUMNS, LIMITS):
        typed, reasons = SCHEMA.parse_row(raw)
        if typed is not None:
            key = SCHEMA.key_of(typed)
            first = seen.setdefault(key, line)
            if first != line:
                reasons = [f"Factura repetida: {SCHEMA.describe_key(key)} ya aparece en la fila {first}"]
        if reasons:
            result.rejected.append({"fila": line, "values": raw, "reasons": reasons})
        else:
            result.valid.append((line, typed))
    if not result.total:
        raise FileRejected("El archivo no tiene filas de datos: diligencie la plantilla debajo del encabezado")
    return result
