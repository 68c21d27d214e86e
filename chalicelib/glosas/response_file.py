"""The provider's glosa response file (seed 002 §8.4): the downloaded 50-column file with AL, AM, (AN) and AO
filled, read with the one bounded reader; and the same file written back with "Resultado del Cargue".

A row is identified by Consecutivo_conciliacion + Numero_factura + Consecutivo_Detalle (the export carries
no prefijo/sufijo columns); its Nit must be the provider's. Only the answer columns are read as data: the
other 46 are the EPS's and are written back as they came.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from operator import itemgetter
from typing import BinaryIO, NamedTuple

from chalicelib.common.xlsx_tables import DATE, MONEY, TEXT, TableColumn, write_table
from chalicelib.glosas.export import SHEET_NAME
from chalicelib.glosas.responses import REFUSED
from chalicelib.ingest.schema import Kind
from chalicelib.ingest.schemas.glosas import EXPORT_COLUMNS
from chalicelib.spreadsheets import FileRejected, SheetLimits, read_cells, read_rows
from chalicelib.spreadsheets.cells import CellError, parse_money, parse_nit_cell
from chalicelib.spreadsheets.typed_cells import MAX_DIGITS, NUMBERS, typed_value

RESULT_COLUMN = "Resultado del Cargue"
MAX_ROWS = 50_000
LIMITS = SheetLimits(max_rows=MAX_ROWS, max_columns=len(EXPORT_COLUMNS) + 1, max_sheets=1, csv=False,
                     columns_text=f"las {len(EXPORT_COLUMNS)} columnas del archivo descargado en Gestión de glosas "
                                  f'(y "{RESULT_COLUMN}" si sube de nuevo un archivo de resultado)')


@dataclass(frozen=True, slots=True)
class _Expected:
    name: str
    required: bool
    aliases: tuple[str, ...] = ()


# Every export column must be there (the file is the one the portal gave); a result file sent again keeps its
# "Resultado del Cargue" column, which is ignored.
COLUMNS = tuple(_Expected(name, True) for name, *_ in EXPORT_COLUMNS) + (_Expected(RESULT_COLUMN, False),)
NAMES = tuple(name for name, *_ in EXPORT_COLUMNS)
KINDS = tuple(kind for _, kind, *_ in EXPORT_COLUMNS)
RESULT_TABLE = (*(TableColumn(name, MONEY if kind in NUMBERS else DATE if kind is Kind.DATE else TEXT)
                  for name, kind in zip(NAMES, KINDS, strict=True)), TableColumn(RESULT_COLUMN, TEXT, 70))


class ParsedRow(NamedTuple):
    """What a row says, passed between the pipeline's tasks as a JSON array (a tuple: json writes it without a step
    per row in Python, and `ParsedRow(*array)` reads it back)."""

    fila: int
    conciliacion: str
    factura: str  # Numero_factura, upper-cased
    detalle: str  # Consecutivo_Detalle without leading zeros
    nit: str | None  # base number (no check digit), None when unreadable
    aceptado: int | None  # AL
    sustentado: int | None  # AM
    nota_credito: str | None  # AN
    observaciones: str | None  # AO
    error: str | None = None  # the "Resultado del Cargue" of a row that cannot be read


def read(source: str | os.PathLike | BinaryIO, filename: str) -> Iterator[tuple[int, dict[str, str]]]:
    return read_rows(source, filename, COLUMNS, LIMITS)


def parse(source: str | os.PathLike | BinaryIO, filename: str) -> tuple[list[ParsedRow], list[tuple[int, tuple]]]:
    """What each row says, and each row as it came for the result file: (line, the cells' text in COLUMNS' order —
    the 50 export columns, then an earlier «Resultado del Cargue», which write_result replaces)."""
    rows, cells = [], []
    for record in read_cells(source, filename, COLUMNS, LIMITS):
        rows.append(_parse_cells(*record))
        cells.append(record)
    if not rows:
        raise FileRejected("El archivo no tiene filas de datos: use el archivo descargado en Gestión de glosas")
    return rows, cells


def parse_row(line: int, values: Mapping[str, str]) -> ParsedRow:
    return _parse_cells(line, _export_cells(values))


def _parse_cells(line: int, cells: Sequence[str]) -> ParsedRow:
    """What a row says, from its cells in the export's column order (NAMES)."""
    conciliation = cells[_CONCILIATION].strip()
    invoice = cells[_INVOICE].strip().upper()
    detail = cells[_DETAIL].strip()
    problems = []
    if not (conciliation.isdigit() and invoice and detail.isdigit()):
        problems.append("faltan o no son válidos Consecutivo_conciliacion, Numero_factura o Consecutivo_Detalle")
    nit_cell = cells[_NIT].strip()
    try:
        nit = parse_nit_cell(nit_cell) if nit_cell else None
    except CellError:
        nit = None
    accepted = _money(cells[_ACCEPTED], "Valor_aceptado_IPS", problems)
    sustained = _money(cells[_SUSTAINED], "Valor_sustentado_IPS", problems)
    credit_note = cells[_CREDIT_NOTE].strip() or None
    observations = cells[_OBSERVATIONS].strip() or None
    answers = accepted is not None or sustained is not None
    if credit_note and len(credit_note) > 20:
        problems.append("Numero_nota_credito_IPS supera 20 caracteres")
    if observations and len(observations) > 2000:
        problems.append("Observaciones_IPS_respuesta_a_glosa supera 2000 caracteres")
    if answers and not observations:
        problems.append("Observaciones_IPS_respuesta_a_glosa es obligatoria al responder la glosa")
    error = f"{REFUSED}{'; '.join(problems)}" if problems else None
    return ParsedRow(line, conciliation, invoice, detail.lstrip("0") or "0", nit, accepted, sustained,
                     credit_note, observations, error)


def _money(cell: str, column: str, problems: list[str]) -> int | None:
    raw = cell.strip()
    if not raw:
        return None
    if raw.isdigit() and raw.isascii() and len(raw) <= _MONEY_DIGITS:  # the common case, without parse_money's steps
        return int(raw)
    try:
        return parse_money(raw, _MONEY_DIGITS)
    except CellError as exc:
        problems.append(f"{column} {exc}")
        return None


def write_result(out: str | BinaryIO, rows: Iterable[tuple[int, Sequence[str]]], results: Mapping[int, str]) -> int:
    """The file as it came (the 50 columns, typed again: numbers, dates, text as written) with the
    result of each row in a last column (`rows`' cells: the 50 columns, or 51 with an earlier result, replaced).
    Constant memory."""
    def typed_rows() -> Iterator[list]:
        for line, values in rows:
            if len(values) not in _WIDTHS:
                raise ValueError(f"row {line}: {len(values)} cells, expected {_EXPORTED}")
            row = list(values)  # a text cell as written (typed_value); an empty one is left blank by the writer
            for position, typed in _TYPED:  # only the number and date columns are typed again
                raw = row[position]
                row[position] = typed(raw) if raw else None
            row[_EXPORTED:] = (results.get(line, ""),)
            yield row

    return write_table(out, SHEET_NAME, RESULT_TABLE, typed_rows())


def _number(raw: str) -> object:
    """typed_value of a number column, with its common case (plain digits) first."""
    if raw.isdigit() and raw.isascii() and len(raw) <= MAX_DIGITS:
        return int(raw)
    return typed_value(raw, Kind.MONEY)


_date = lru_cache(maxsize=4096)(partial(typed_value, kind=Kind.DATE))  # a file repeats a few dates
_TYPED = tuple((position, _number if kind in NUMBERS else _date) for position, kind in enumerate(KINDS)
               if kind in NUMBERS or kind is Kind.DATE)
_MONEY_DIGITS = 11
_export_cells = itemgetter(*NAMES)
_EXPORTED = len(NAMES)
_WIDTHS = (_EXPORTED, _EXPORTED + 1)
(_CONCILIATION, _INVOICE, _DETAIL, _NIT, _ACCEPTED, _SUSTAINED, _CREDIT_NOTE, _OBSERVATIONS) = map(NAMES.index, (
    "Consecutivo_conciliacion", "Numero_factura", "Consecutivo_Detalle", "Nit", "Valor_aceptado_IPS",
    "Valor_sustentado_IPS", "Numero_nota_credito_IPS", "Observaciones_IPS_respuesta_a_glosa"))
