"""Large tables written fast: one sheet of rows through rust_xlsxwriter (the Rust port of xlsxwriter, by the
same author), bound by rustpy-xlsxwriter, in constant memory.

Used where a result file holds millions of cells (a 50,000-line glosa response file is 2.55 M): there
xlsxwriter's per-cell Python costs 5-6× more (docs/benchmarks.md). Text is neutralised against formulas;
numbers and dates keep their type and take the column's format; the header is frozen and filtered.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

import rustpy_xlsxwriter as rx

from chalicelib.common.spreadsheet import neutralise

TEXT, MONEY, DATE = "text", "money", "date"
_NUMBER_FORMATS = {MONEY: "#,##0", DATE: "dd/mm/yyyy"}


@dataclass(frozen=True, slots=True)
class TableColumn:
    title: str
    kind: str = TEXT  # TEXT, MONEY (whole pesos) or DATE
    width: float = 18


def write_table(target: str | BinaryIO, sheet_name: str, columns: Sequence[TableColumn],
                rows: Iterable[Sequence[object]]) -> int:
    """Rows of values in column order (str, int, date or None; a str in a MONEY/DATE column stays text).
    Returns the rows written."""
    titles = [c.title for c in columns]
    counted = [0]

    def records() -> Iterator[dict]:
        for values in rows:
            counted[0] += 1
            yield {title: neutralise(value) if isinstance(value, str) else value
                   for title, value in zip(titles, values, strict=True)}

    formats = [rx.Format().set_num_format(_NUMBER_FORMATS[c.kind]) if c.kind in _NUMBER_FORMATS else None
               for c in columns]
    header = rx.Format().set_bold().set_background_color("#DDEBF7").set_border("thin")
    (rx.FastExcel(target, columns=titles).freeze(row=1)
     .sheet(sheet_name, records(), column_widths=[c.width for c in columns], column_formats=formats,
            header_format=header, autofilter=True)
     .save())
    return counted[0]


def as_date(value: str | date | None) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value
