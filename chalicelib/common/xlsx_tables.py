"""Large tables written fast: one sheet of rows through rust_xlsxwriter (the Rust port of xlsxwriter, by the
same author), bound by rustpy-xlsxwriter, in constant memory.

Used where a result file holds millions of cells (a 50,000-line glosa response file is 2.55 M): there
xlsxwriter's per-cell Python costs 5-6× more (docs/benchmarks.md). Text is written as it is, in string cells
(which never run as formulas); numbers and dates keep their type and take the column's format; the header is
frozen and filtered.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from itertools import chain, count
from operator import itemgetter
from typing import BinaryIO

import rustpy_xlsxwriter as rx

TEXT, NUMBER, MONEY, DATE = "text", "number", "money", "date"  # NUMBER: as written (a row number: 50001)
_NUMBER_FORMATS = {MONEY: "#,##0", DATE: "dd/mm/yyyy"}


@dataclass(frozen=True, slots=True)
class TableColumn:
    title: str
    kind: str = TEXT  # TEXT, NUMBER, MONEY (whole pesos, 1.500.000) or DATE
    width: float = 18


@dataclass(frozen=True, slots=True)
class Table:
    sheet_name: str
    columns: Sequence[TableColumn]
    rows: Iterable[Sequence[object]]  # values in column order: str, int, date or None (a DATE column also takes
    # the date's Excel serial number, see excel_serial)


def write_tables(target: str | BinaryIO, tables: Sequence[Table]) -> list[int]:
    """One sheet per table, in order (a str in a MONEY/DATE column stays text). Returns the rows written per
    table; a table without rows still shows its header."""
    book = rx.FastExcel(target).freeze(row=1)
    header = rx.Format().set_bold().set_background_color("#DDEBF7").set_border("thin")
    counts = [0] * len(tables)
    for position, table in enumerate(tables):
        formats = [rx.Format().set_num_format(_NUMBER_FORMATS[c.kind]) if c.kind in _NUMBER_FORMATS else None
                   for c in table.columns]
        book.sheet(table.sheet_name, _records(table, counts, position),
                   column_widths=[c.width for c in table.columns], column_formats=formats, header_format=header,
                   autofilter=True)
    book.save()
    return counts


def write_table(target: str | BinaryIO, sheet_name: str, columns: Sequence[TableColumn],
                rows: Iterable[Sequence[object]]) -> int:
    return write_tables(target, [Table(sheet_name, columns, rows)])[0]


def _records(table: Table, counts: list[int], position: int) -> Iterator[dict]:
    """One dict per row, as the binding takes them, built without a Python step per row (zip, dict and map run in
    C: at 50,000 rows × 51 columns a generator here cost a tenth of the whole write); rows are counted the same way
    (the counter advances only when a row comes)."""
    titles = [c.title for c in table.columns]
    counter = count()
    rows = map(itemgetter(0), zip(table.rows, counter, strict=False))  # counter: endless
    return chain(map(dict, map(partial(zip, titles, strict=True), rows)), _after(titles, counter, counts, position))


def _after(titles: list[str], counter: Iterator[int], counts: list[int], position: int) -> Iterator[dict]:
    counts[position] = next(counter)
    if not counts[position]:
        yield dict.fromkeys(titles)  # the header needs a row to take its names from


_EXCEL_EPOCH = date(1899, 12, 30).toordinal()


def excel_serial(iso_date: str) -> int:
    """The Excel serial number of a date ("2024-01-15" → 45306): what a date cell holds, shown by its format."""
    return date.fromisoformat(iso_date).toordinal() - _EXCEL_EPOCH
