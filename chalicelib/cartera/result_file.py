"""The result XLSX (xlsxwriter, constant memory): one row per row of the provider's file with the EPS's
columns added, a summary sheet and an errors sheet. Numbers are numbers, dates are dates, text from the
file is neutralised against formulas; frozen header, widths and filters as a person expects."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import xlsxwriter

from chalicelib.cartera.columns import COLUMNS
from chalicelib.cartera.reconcile import Summary
from chalicelib.common.spreadsheet import neutralise

TEXT, MONEY, DATE = "text", "money", "date"
# (title, kind, width, value of a reconciled record)
RESULT_COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("Fila", MONEY, 7),
    ("Numero Factura", TEXT, 18), ("Prefijo", TEXT, 9), ("Sufijo", TEXT, 14), ("Fecha factura", DATE, 13),
    ("Valor factura", MONEY, 15), ("Saldo factura", MONEY, 15),
    ("Encontrada en la EPS", TEXT, 11), ("Número radicado", TEXT, 16), ("Fecha radicación", DATE, 13),
    ("Estado EPS", TEXT, 24), ("Valor radicado EPS", MONEY, 15), ("Valor glosado", MONEY, 14),
    ("Glosa aceptada por la IPS", MONEY, 14), ("Glosa levantada", MONEY, 14), ("Glosa en discusión", MONEY, 14),
    ("Valor pagado", MONEY, 15), ("Último pago", TEXT, 14), ("Fecha último pago", DATE, 13),
    ("Saldo reconocido EPS", MONEY, 16), ("Diferencia", MONEY, 15), ("Observación", TEXT, 60),
)
ERROR_NOTE = "Fila no conciliada: tiene errores (ver hoja Errores)"


def _values(record: dict) -> list:
    row, eps, r = record["row"], record.get("eps") or {}, record["r"]
    return [record["fila"], row["numero_factura"], row["prefijo"], row["sufijo"], row["fecha_factura"],
            row["valor_factura"], row["saldo_factura"], "Sí" if r["found"] else "No",
            eps.get("numero_radicado"), eps.get("fecha_radicacion"), r["estado"], eps.get("valor_factura"),
            eps.get("valor_glosado"), eps.get("valor_aceptado_ips"), eps.get("valor_levantado"),
            r["glosa_en_discusion"] if r["found"] else None, eps.get("valor_pagado"), eps.get("ultimo_pago"),
            eps.get("fecha_ultimo_pago"), r["saldo_reconocido"], r["diferencia"], r["observacion"]]


class ResultWriter:
    def __init__(self, path: str):
        self._book = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_formulas": False,
                                                "strings_to_urls": False})
        self._header = self._book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
        self._formats = {MONEY: self._book.add_format({"num_format": "#,##0"}),
                         DATE: self._book.add_format({"num_format": "dd/mm/yyyy"}), TEXT: None}
        self._summary_sheet = self._book.add_worksheet("Resumen")
        self._sheet = self._book.add_worksheet("Conciliación")
        self._errors = self._book.add_worksheet("Errores")
        self._sheet.activate()
        self._row = self._error_row = 0
        self._head(self._sheet, RESULT_COLUMNS)
        self._head(self._errors, (("Fila", MONEY, 7), *((c.name, TEXT, 16) for c in COLUMNS), ("Errores", TEXT, 80)))

    def _head(self, sheet, columns) -> None:
        for position, (title, _kind, width) in enumerate(columns):
            sheet.set_column(position, position, width)
            sheet.write_string(0, position, title, self._header)
        sheet.freeze_panes(1, 0)

    def _cell(self, sheet, row: int, col: int, kind: str, value) -> None:
        if value is None or value == "":
            return
        if kind == MONEY:
            sheet.write_number(row, col, value, self._formats[MONEY])
        elif kind == DATE:
            sheet.write_datetime(row, col, date.fromisoformat(value), self._formats[DATE])
        else:
            sheet.write_string(row, col, neutralise(str(value)))

    def reconciled(self, record: dict) -> None:
        self._row += 1
        for col, ((_, kind, _), value) in enumerate(zip(RESULT_COLUMNS, _values(record), strict=True)):
            self._cell(self._sheet, self._row, col, kind, value)

    def rejected(self, record: dict) -> None:
        self._row += 1
        values = record["values"]
        self._sheet.write_number(self._row, 0, record["fila"], self._formats[MONEY])
        for col, column in enumerate(COLUMNS, start=1):
            self._cell(self._sheet, self._row, col, TEXT, values.get(column.name))
        self._sheet.write_string(self._row, len(RESULT_COLUMNS) - 1, ERROR_NOTE)
        self._error_row += 1
        self._errors.write_number(self._error_row, 0, record["fila"], self._formats[MONEY])
        for col, column in enumerate(COLUMNS, start=1):
            self._cell(self._errors, self._error_row, col, TEXT, values.get(column.name))
        self._errors.write_string(self._error_row, len(COLUMNS) + 1, neutralise("; ".join(record["reasons"])))

    def close(self, summary: Summary, filename: str) -> None:
        self._sheet.autofilter(0, 0, max(self._row, 1), len(RESULT_COLUMNS) - 1)
        self._errors.autofilter(0, 0, max(self._error_row, 1), len(COLUMNS) + 1)
        sheet, money, bold = self._summary_sheet, self._formats[MONEY], self._header
        sheet.set_column(0, 0, 34)
        sheet.set_column(1, 3, 20)
        lines: list[tuple[str, object]] = [
            ("Archivo", neutralise(filename)), ("Filas conciliadas", summary.rows),
            ("Filas con errores", summary.rejected), ("Facturas encontradas en la EPS", summary.found),
            ("Saldo declarado por el prestador", summary.declared), ("Saldo reconocido por la EPS", summary.recognised),
            ("Diferencia", summary.declared - summary.recognised)]
        for row, (title, value) in enumerate(lines):
            sheet.write_string(row, 0, title, bold)
            if isinstance(value, int):
                sheet.write_number(row, 1, value, money)
            else:
                sheet.write_string(row, 1, str(value))
        top = len(lines) + 1
        for col, title in enumerate(("Estado EPS", "Facturas", "Saldo declarado", "Saldo reconocido")):
            sheet.write_string(top, col, title, bold)
        for offset, (state, (count, declared, recognised)) in enumerate(sorted(summary.by_state.items()), 1):
            sheet.write_string(top + offset, 0, state)
            for col, value in enumerate((count, declared, recognised), start=1):
                sheet.write_number(top + offset, col, value, money)
        self._book.close()


def write_result(path: str, records: Iterable[tuple[str, dict]], filename: str) -> Summary:
    """records: ("ok", reconciled record) or ("error", rejected record), in the file's row order."""
    writer = ResultWriter(path)
    summary = Summary()
    for kind, record in records:
        if kind == "ok":
            writer.reconciled(record)
            summary.add(record["row"], record["r"])
        else:
            writer.rejected(record)
            summary.rejected += 1
    writer.close(summary, filename)
    return summary
