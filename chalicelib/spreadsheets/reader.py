"""Rows of an uploaded file, as (line number, {column name: raw string}), for CSV and XLSX.

Headers are matched to the expected columns ignoring case, accents, spaces and punctuation. CSV is
read as a stream; an XLSX is inspected by chalicelib.spreadsheets.xlsx_guard before python-calamine
opens it in a forked child. Rows come in batches, their cells a column at a time, and are made with C-level calls
(no list or step per cell in Python). Both stop at SheetLimits.max_rows data rows.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime, time, timedelta
from itertools import chain, compress, repeat, zip_longest
from operator import itemgetter
from typing import BinaryIO, Protocol

from chalicelib.common.text import fold
from chalicelib.spreadsheets.isolated import sheet_records
from chalicelib.spreadsheets.limits import FileRejected, SheetLimits
from chalicelib.spreadsheets.rebuilt import PackageCopy, rebuilt_package
from chalicelib.spreadsheets.xlsx_guard import WorkbookShape, inspect_xlsx

Row = tuple[int, dict[str, str]]
Cells = tuple[int, tuple[str, ...]]
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls


class ExpectedColumn(Protocol):
    name: str
    required: bool
    aliases: tuple[str, ...]


# How rows are handed out, given the header's positions: a function from a batch's columns (as read, all of the same
# length) to its rows, by name (read_rows: a dict each) or by position (read_cells: a tuple each, `columns`' order).
Shape = Callable[[dict[int, str], Sequence[ExpectedColumn]], Callable[[Sequence[Sequence[str]]], Iterator]]
# (the line number of each row, the rows' cells a column at a time)
Batch = tuple[Sequence[int], Sequence[Sequence[str]]]
_BATCH = 1_000  # CSV rows per batch


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


def _by_name(positions: dict[int, str], _columns: Sequence[ExpectedColumn]) -> Callable[[Sequence], Iterator]:
    names, at = tuple(positions.values()), tuple(positions)

    def rows(batch: Sequence[Sequence[str]]) -> Iterator[dict]:
        return map(dict, map(zip, repeat(names), zip(*_selected(batch, at), strict=True)))
    return rows


def _by_position(positions: dict[int, str], columns: Sequence[ExpectedColumn]) -> Callable[[Sequence], Iterator]:
    at = {name: i for i, name in positions.items()}
    order = tuple(at.get(column.name, -1) for column in columns)  # -1: an absent optional column

    def rows(batch: Sequence[Sequence[str]]) -> Iterator[tuple]:
        return zip(*_selected(batch, order), strict=True)
    return rows


def _selected(batch: Sequence[Sequence[str]], order: Sequence[int]) -> list[Sequence[str]]:
    """The batch's columns at the positions of `order`; a position past the batch's last column (a column the header
    names but no row of this batch reaches) or -1 (absent) reads as empty cells."""
    height = len(batch[0]) if batch else 0
    blank = [""] * height
    return [batch[i] if 0 <= i < len(batch) else blank for i in order]


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


def _rows_from(batches: Iterator[Batch], columns: Sequence[ExpectedColumn], limits: SheetLimits,
               shape: Shape = _by_name) -> Iterator:
    lines, batch = next(batches, ((), ()))
    header = [column[0] for column in batch] if lines else []
    if not any((title or "").strip() for title in header):
        raise FileRejected("El archivo está vacío o su primera fila no tiene los nombres de las columnas")
    if len(header) > limits.max_columns and any(str(t).strip() for t in header[limits.max_columns:]):
        raise FileRejected(f"El archivo tiene más columnas de las admitidas: {limits.area()}")
    rows_of = shape(header_map(header, columns), columns)
    count = 0
    lines, batch = lines[1:], [column[1:] for column in batch]
    while True:
        rows = list(zip(lines, rows_of(batch), strict=False))  # no row at all when no column is selected
        # a row is kept when a cell holds more than spaces: C-level calls over the batch (a row stops at its first)
        cells = map(dict.values, map(itemgetter(1), rows)) if rows and rows[0][1].__class__ is dict else \
            map(itemgetter(1), rows)
        kept = list(compress(rows, map(any, map(map, repeat(str.strip), cells))))
        count += len(kept)
        if count > limits.max_rows:
            raise FileRejected(limits.too_many_rows())
        yield from kept
        lines, batch = next(batches, ((), ()))
        if not lines:
            return


# --- CSV ----------------------------------------------------------------------------------------


def _csv_rows(stream: BinaryIO, columns: Sequence[ExpectedColumn], limits: SheetLimits, shape: Shape) -> Iterator:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        first = text.readline()
        delimiter = ";" if first.count(";") > first.count(",") else ","
        # chain, not a generator's `yield from`: collected after a refusal, that would close the wrapper
        reader = csv.reader(chain((first,), text), delimiter=delimiter)
        yield from _rows_from(_batched(reader), columns, limits, shape)
    except UnicodeDecodeError:
        raise FileRejected('El archivo CSV no está en UTF-8; guárdelo como "CSV UTF-8"') from None
    except csv.Error as exc:
        raise FileRejected(f"El archivo CSV está mal formado: {exc}") from None
    finally:
        text.detach()


def _batched(reader) -> Iterator[Batch]:
    """The CSV's records in batches: their line numbers and their cells a column at a time (short records padded)."""
    lines: list[int] = []
    records: list[list[str]] = []
    line = 1
    for record in reader:
        lines.append(line)
        records.append(record)
        line = reader.line_num + 1
        if len(records) == _BATCH:
            yield lines, list(zip_longest(*records, fillvalue=""))
            lines, records = [], []
    if records:
        yield lines, list(zip_longest(*records, fillvalue=""))


# --- XLSX ---------------------------------------------------------------------------------------


def _xlsx_rows(stream: BinaryIO, columns: Sequence[ExpectedColumn], limits: SheetLimits, shape: Shape) -> Iterator:
    with PackageCopy() as copy:
        workbook = inspect_xlsx(stream, limits, copy.part)
        counted = [n for n in workbook.sheet_names if n not in limits.ignored_sheets]
        if limits.max_sheets is not None and len(counted) > limits.max_sheets:
            names = ", ".join(f'"{n}"' for n in counted[:5])
            raise FileRejected(f"El libro debe tener como máximo {limits.max_sheets} hoja(s) de datos y tiene "
                               f"{len(counted)} ({names}); deje solo la hoja con los datos")
        with rebuilt_package(stream, workbook, copy) as path:
            batches = ((range(first, first + len(batch[0]) if batch else first), batch)
                       for first, batch in sheet_records(path, _allowance(workbook), cell_text, cell_texts))
            yield from _rows_from(batches, columns, limits, shape)


def _allowance(shape: WorkbookShape) -> int:
    """Address space the parse may add: the library's cells (≈32 B each, plus the sparse list it builds them
    from while it grows), the shared strings and the sheet's inline strings as Rust and Python strings, and room
    for the interpreter's work. Measured: 750,000 rows × 6 cells, 185 MB of sheet → 1,176 MB allowed, the
    child's peak RSS 777 MB (pages shared with the parent included)."""
    strings = shape.parts["sharedStrings"].file_size if "sharedStrings" in shape.parts else 0
    return (shape.last_row * max(shape.last_column, 1) * 128 + 8 * strings + 2 * shape.parts["sheet"].file_size
            + _BASE_ALLOWANCE)


_BASE_ALLOWANCE = 256 * 1024 * 1024


def cell_texts(cells: Sequence[object]) -> list[str]:
    """cell_text of each of a column's cells; a column of integral numbers, or of dates, with C-level calls; one of
    numbers, dates and text (blank cells are "") with an expression per cell instead of a call."""
    kinds = set(map(type, cells))
    if kinds == {float} and all(map(float.is_integer, cells)):
        return list(map(str, map(int, cells)))
    if kinds == {date}:
        return list(map(date.isoformat, cells))
    if kinds <= _PLAIN:
        return [cell if cell.__class__ is str else cell.isoformat() if cell.__class__ is date else
                str(int(cell)) if cell.is_integer() else str(cell) for cell in cells]
    return list(map(cell_text, cells))


_PLAIN = frozenset({str, float, date})


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
