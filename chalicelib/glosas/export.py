"""The glosa detail file of seed 002 §8: the 50 columns in order (the provider's answer in AL..AO), one row per
detail, number and date cells, text as written in string cells (which never run as formulas), written row by row
(constant memory)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import BinaryIO

import xlsxwriter

from chalicelib.common.identifiers import nit_check_digit
from chalicelib.glosas.models import GlosaDetail, GlosaResponse
from chalicelib.ingest.schema import Kind
from chalicelib.ingest.schemas.glosas import EXPORT_COLUMNS, EXPORT_FIELDS

SHEET_NAME = "Detalle de Glosa 1"
RESPONSE_FIELDS = ("fecha_respuesta_a_glosa_ips", "codigo_respuesta_glosa_ips", "descripcion_respuesta_glosa_ips",
                   "valor_aceptado_ips", "valor_sustentado_ips", "numero_nota_credito_ips",
                   "observaciones_ips_respuesta_a_glosa")
_NUMBERS = {Kind.MONEY, Kind.INT}


def filename(nit: str, day: date) -> str:
    return f"NI-{nit}-{day:%Y%m%d}.xlsx"


def write(out: BinaryIO, rows: Iterable[tuple[GlosaDetail, GlosaResponse | None]]) -> int:
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_formulas": False,
                                     "strings_to_urls": False})
    sheet = book.add_worksheet(SHEET_NAME)
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    money = book.add_format({"num_format": "#,##0"})
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, [name for name, *_ in EXPORT_COLUMNS], header)
    sheet.freeze_panes(1, 0)
    sheet.set_column(0, len(EXPORT_COLUMNS) - 1, 18)
    written = 0
    for written, (detail, response) in enumerate(rows, start=1):
        for column, ((_name, kind, _required, _length), field) in enumerate(zip(EXPORT_COLUMNS, EXPORT_FIELDS,
                                                                                 strict=True)):
            source = response if response is not None and field in RESPONSE_FIELDS else detail
            _cell(sheet, written, column, getattr(source, field, None), kind, money, day)
    sheet.autofilter(0, 0, max(written, 1), len(EXPORT_COLUMNS) - 1)
    book.close()
    return written


def _cell(sheet, row: int, column: int, value, kind: Kind, money, day) -> None:
    if value is None or value == "":
        return
    if kind in _NUMBERS:
        sheet.write_number(row, column, int(value), money)
    elif kind is Kind.DATE:
        sheet.write_datetime(row, column, date.fromisoformat(value), day)
    elif kind is Kind.NIT:  # stored without its check digit; written as the EPS's files carry it
        sheet.write_string(row, column, f"{value}-{nit_check_digit(str(value))}")
    else:
        sheet.write_string(row, column, str(value))
