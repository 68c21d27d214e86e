"""The glosa detail file of seed 002 §8: the 50 columns in order (the provider's answer in AL..AO), one row per
detail, number and date cells, text as written in string cells (which never run as formulas), written row by row
(constant memory) through chalicelib/common/xlsx_tables (rust_xlsxwriter: a conciliation of 50,000 lines is 2.5 M
cells, docs/benchmarks.md)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import BinaryIO

from chalicelib.common.identifiers import nit_check_digit
from chalicelib.common.xlsx_tables import DATE, MONEY, TEXT, TableColumn, excel_serial, write_table
from chalicelib.glosas.repository import Detail, RecordedResponse
from chalicelib.ingest.schema import Kind
from chalicelib.ingest.schemas.glosas import EXPORT_COLUMNS, EXPORT_FIELDS

SHEET_NAME = "Detalle de Glosa 1"
RESPONSE_FIELDS = ("fecha_respuesta_a_glosa_ips", "codigo_respuesta_glosa_ips", "descripcion_respuesta_glosa_ips",
                   "valor_aceptado_ips", "valor_sustentado_ips", "numero_nota_credito_ips",
                   "observaciones_ips_respuesta_a_glosa")
_NUMBERS = {Kind.MONEY, Kind.INT}
COLUMNS = tuple(TableColumn(name, MONEY if kind in _NUMBERS else DATE if kind is Kind.DATE else TEXT, 18)
                for name, kind, *_ in EXPORT_COLUMNS)


def filename(nit: str, day: date) -> str:
    return f"NI-{nit}-{day:%Y%m%d}.xlsx"


def write(out: BinaryIO, rows: Iterable[tuple[Detail, RecordedResponse | None]]) -> int:
    return write_table(out, SHEET_NAME, COLUMNS, _cells(rows))


def _cells(rows: Iterable[tuple[Detail, RecordedResponse | None]]) -> Iterator[list]:
    for detail, response in rows:
        yield [cell(getattr(response if response is not None and answer else detail, field, None))
               for field, cell, answer in _FIELDS]


def _number(value) -> int | None:
    return None if value is None or value == "" else int(value)


def _date(value) -> int | None:
    return excel_serial(value) if value else None


def _nit(value) -> str | None:  # stored without its check digit; written as the EPS's files carry it
    return f"{value}-{nit_check_digit(str(value))}" if value else None


def _text(value) -> str | None:
    return None if value is None or value == "" else str(value)


_CELL = {kind: _number if kind in _NUMBERS else _date if kind is Kind.DATE else _nit if kind is Kind.NIT else _text
         for kind in Kind}
_FIELDS = tuple((field, _CELL[kind], field in RESPONSE_FIELDS)
                for (_name, kind, *_), field in zip(EXPORT_COLUMNS, EXPORT_FIELDS, strict=True))
