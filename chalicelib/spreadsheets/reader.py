"""Rows of an uploaded file, as (line number, {column name: raw string}), for CSV and XLSX.

Headers are matched to the expected columns ignoring case, accents, spaces and punctuation. CSV is
read as a stream; an XLSX is inspected by chalicelib.spreadsheets.xlsx_guard before python-calamine
opens it, and rows are converted one at a time. Both stop at SheetLimits.max_rows data rows.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime, time, timedelta
from operator import itemgetter
from typing import BinaryIO, Protocol

from chalicelib.common.text import fold
from chalicelib.spreadsheets.isolated import sheet_records
from chalicelib.spreadsheets.limits import FileRejected, SheetLimits
from chalicelib.spreadsheets.rebuilt import rebuilt_package
from chalicelib.spreadsheets.xlsx_guard import WorkbookShape, inspect_xlsx

Row = tuple[int, dict[str, str]]
Cells = tuple[int, tuple[str, ...]]
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls


class ExpectedColumn(Protocol):
    name: str
    required: bool
    aliases: tuple[str, ...]


# How a row's cells are handed out, given the header's positions: by name (read_rows) or by position (read_cells).
Shape = Callable[[dict[int, str], Sequence[ExpectedColumn]], Callable[[Sequence[str]], object]]


def read_rows(
    source: str | os.PathLike | BinaryIO,
    filename: str,
    columns: Sequence[ExpectedColumn],
    limits: SheetLimits = SheetLimits(),  # noqa: B008 - immutable
) -> Iterator[Row]:
    """Rows of a CSV or XLSX file (format from magic bytes, then extension). Raises FileRejected."""
    return _read(source, filename, columns, limits, _by_name)


def read_cells(
    source: str | os.PathLike | BinaryIO,
    filename: str,
    columns: Sequence[ExpectedColumn],
    limits: SheetLimits = SheetLimits(),  # noqa: B008 - immutable
) -> Iterator[Cells]:
    """As read_rows, each row's cells as a tuple in the order of `columns` (an absent column's cell ""): no dict
    per row for a caller that reads tens of thousands of rows by position."""
    return _read(source, filename, columns, limits, _by_position)


def _by_name(positions: dict[int, str], _columns: Sequence[ExpectedColumn]) -> Callable[[Sequence[str]], dict]:
    return lambda cells: {name: (cells[i] if i < len(cells) else "") for i, name in positions.items()}


def _by_position(positions: dict[int, str], columns: Sequence[ExpectedColumn]) -> Callable[[Sequence[str]], tuple]:
    at = {name: i for i, name in positions.items()}
    order = [at.get(column.name, -1) for column in columns]  # -1: an absent optional column
    # A short row, and an absent column (-1: the last cell), read the padding: C-level calls only, no step per cell.
    pad, take = [""] * (max(order) + 2), itemgetter(*order, -1)
    return lambda cells: take([*cells, *pad])[:-1]


def _read(source, filename: str, columns: Sequence[ExpectedColumn], limits: SheetLimits, shape: Shape) -> Iterator:
    stream = open(source, "rb") if isinstance(source, str | os.PathLike) else source  # noqa: SIM115
    try:
        head = stream.read(8)
        stream.seek(0)
        if not head:
            raise FileRejected("El archivo está vacío (0 bytes); súbalo de nuevo con sus datos")
        if head.startswith(ZIP_MAGIC):
            yield from _xlsx_rows(stream, columns, limits, shape)
        elif head.startswith(OLE_MAGIC):
            raise FileRejected(_ole_reason(stream, limits))
        elif limits.csv and filename.lower().endswith((".csv", ".txt")):
            yield from _csv_rows(stream, columns, limits, shape)
        elif filename.lower().endswith((".xlsx", ".xlsm", ".xls")) or not limits.csv:
            raise FileRejected(f"El archivo no es un libro de Excel .xlsx válido; {limits.save_as()}")
        else:
            raise FileRejected("Formato de archivo no soportado; use .xlsx o .csv (UTF-8)")
    finally:
        if stream is not source:
            stream.close()


def _ole_reason(stream: BinaryIO, limits: SheetLimits) -> str:
    """An OLE compound file is a legacy .xls, or an .xlsx encrypted with a password (its `EncryptedPackage`
    stream, named in the file's directory, which may lie anywhere in it)."""
    tail = b""
    while piece := stream.read(1 << 20):
        if _ENCRYPTED in tail + piece:
            return ("El archivo está protegido con contraseña y no se puede leer; quítele la contraseña (en Excel: "
                    "Archivo > Información > Proteger libro > Cifrar con contraseña, dejándola vacía) y "
                    f"{limits.save_as()}")
        tail = piece[-len(_ENCRYPTED):]
    return f"El archivo es un libro de Excel 97-2003 (.xls), que no se admite; {limits.save_as()}"


_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def header_map(header: Sequence[str], columns: Sequence[ExpectedColumn]) -> dict[int, str]:
    """Position -> canonical column name; FileRejected for unknown, repeated or missing columns."""
    by_folded: dict[str, str] = {}
    for column in columns:
        for name in (column.name, *column.aliases):
            by_folded[fold(name)] = column.name
    positions: dict[int, str] = {}
    unknown, repeated = [], []
    for position, title in enumerate(header):
        title = (title or "").strip()
        if not title:
            continue
        name = by_folded.get(fold(title))
        if name is None:
            unknown.append(title)
        elif name in positions.values():
            repeated.append(title)
        else:
            positions[position] = name
    missing = [c.name for c in columns if c.required and c.name not in positions.values()]
    problems = []
    if missing:
        problems.append("faltan las columnas obligatorias " + ", ".join(f'"{n}"' for n in missing))
    if unknown:
        problems.append("columnas desconocidas " + ", ".join(f'"{n}"' for n in unknown))
    if repeated:
        problems.append("columnas repetidas " + ", ".join(f'"{n}"' for n in repeated))
    if problems:
        raise FileRejected("Encabezado inválido: " + "; ".join(problems) + ". La primera fila debe tener los "
                           "nombres de las columnas del formato.")
    return positions


def _rows_from(
    records: Iterator[tuple[int, Sequence[str]]], columns: Sequence[ExpectedColumn], limits: SheetLimits,
    shape: Shape = _by_name,
) -> Iterator:
    header = next(records, (0, []))[1]
    if not any((title or "").strip() for title in header):
        raise FileRejected("El archivo está vacío o su primera fila no tiene los nombres de las columnas")
    if len(header) > limits.max_columns and any(str(t).strip() for t in header[limits.max_columns:]):
        raise FileRejected(f"El archivo tiene más columnas de las admitidas: {limits.area()}")
    row_of = shape(header_map(header, columns), columns)
    count = 0
    for line, cells in records:
        values = row_of(cells)
        if any(map(str.strip, values.values() if values.__class__ is dict else values)):
            count += 1
            if count > limits.max_rows:
                raise FileRejected(limits.too_many_rows())
            yield line, values


# --- CSV ----------------------------------------------------------------------------------------


def _csv_rows(stream: BinaryIO, columns: Sequence[ExpectedColumn], limits: SheetLimits, shape: Shape) -> Iterator:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        first = text.readline()
        delimiter = ";" if first.count(";") > first.count(",") else ","
        reader = csv.reader(_chain_first(first, text), delimiter=delimiter)
        yield from _rows_from(_numbered(reader), columns, limits, shape)
    except UnicodeDecodeError:
        raise FileRejected('El archivo CSV no está en UTF-8; guárdelo como "CSV UTF-8"') from None
    except csv.Error as exc:
        raise FileRejected(f"El archivo CSV está mal formado: {exc}") from None
    finally:
        text.detach()


def _chain_first(first: str, rest: io.TextIOBase) -> Iterator[str]:
    yield first
    yield from rest


def _numbered(reader) -> Iterator[tuple[int, list[str]]]:
    line = 1
    for record in reader:
        yield line, record
        line = reader.line_num + 1


# --- XLSX ---------------------------------------------------------------------------------------


def _xlsx_rows(stream: BinaryIO, columns: Sequence[ExpectedColumn], limits: SheetLimits, shape: Shape) -> Iterator:
    workbook = inspect_xlsx(stream, limits)
    counted = [n for n in workbook.sheet_names if n not in limits.ignored_sheets]
    if limits.max_sheets is not None and len(counted) > limits.max_sheets:
        names = ", ".join(f'"{n}"' for n in counted[:5])
        raise FileRejected(f"El libro debe tener como máximo {limits.max_sheets} hoja(s) de datos y tiene "
                           f"{len(counted)} ({names}); deje solo la hoja con los datos")
    with rebuilt_package(stream, workbook) as path:
        yield from _rows_from(sheet_records(path, _allowance(workbook), cell_text), columns, limits, shape)


def _allowance(shape: WorkbookShape) -> int:
    """Address space the parse may add: the library's cells (≈32 B each, plus the sparse list it builds them
    from while it grows), the shared strings and the sheet's inline strings as Rust and Python strings, and room
    for the interpreter's work. Measured: 750,000 rows × 6 cells, 185 MB of sheet → 1,176 MB allowed, the
    child's peak RSS 777 MB (pages shared with the parent included)."""
    strings = shape.parts["sharedStrings"].file_size if "sharedStrings" in shape.parts else 0
    return (shape.last_row * max(shape.last_column, 1) * 128 + 8 * strings + 2 * shape.parts["sheet"].file_size
            + _BASE_ALLOWANCE)


_BASE_ALLOWANCE = 256 * 1024 * 1024


def cell_text(value: object) -> str:
    """Canonical text of a spreadsheet cell: integral numbers without ".0", dates ISO, times HH:MM:SS."""
    if value.__class__ is float:  # most cells that are not text
        return str(int(value)) if value.is_integer() else str(value)
    if value.__class__ is date:  # a date cell: the next most common, without the match below
        return value.isoformat()
    match value:
        case None:
            return ""
        case str():
            return value
        case bool():
            return "SI" if value else "NO"
        case float() if value.is_integer():
            return str(int(value))
        case datetime():
            if value.time() == time(0):
                return value.date().isoformat()
            return value.isoformat(sep=" ", timespec="seconds")
        case date():
            return value.isoformat()
        case time():
            return value.isoformat(timespec="seconds")
        case timedelta():
            seconds = int(value.total_seconds())
            return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return str(value)
