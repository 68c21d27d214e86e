"""The downloadable cartera template: the seed's columns with helpful cell formats, and the instructions."""

from __future__ import annotations

import io

import xlsxwriter

from chalicelib.cartera.columns import COLUMNS, INSTRUCTIONS_SHEET, MAX_ROWS, RULES
from chalicelib.spreadsheets.limits import thousands

FILENAME = "plantilla-consulta-cartera.xlsx"
_FORMATS = {"Fecha factura": {"num_format": "dd/mm/yyyy"}, "Valor factura": {"num_format": "#,##0"},
            "Saldo factura": {"num_format": "#,##0"}}


def template_xlsx() -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    text = workbook.add_format({"num_format": "@"})
    sheet = workbook.add_worksheet("Facturas")
    for position, column in enumerate(COLUMNS):
        sheet.write_string(0, position, column.name, header)
        cell = workbook.add_format(_FORMATS[column.name]) if column.name in _FORMATS else text
        sheet.set_column(position, position, 18, cell)
    sheet.freeze_panes(1, 0)
    sheet.data_validation(1, 4, MAX_ROWS, 5, {"validate": "integer", "criteria": ">=", "value": 0,
                                               "error_message": "Valor en pesos, entero y no negativo"})
    help_sheet = workbook.add_worksheet(INSTRUCTIONS_SHEET)
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    help_sheet.set_column(0, 0, 18)
    help_sheet.set_column(1, 3, 16)
    help_sheet.set_column(4, 4, 70, wrap)
    lines = [
        "Consulta de cartera: diligencie la hoja «Facturas» y cárguela en la Oficina Virtual.",
        f"Máximo {thousands(MAX_ROWS)} facturas por archivo y 3 solicitudes por día (hora de Colombia).",
        "Guarde el archivo como .xlsx con una sola hoja de datos, la primera (esta hoja de instrucciones puede "
        "quedarse), y conserve los nombres de las columnas de la primera fila.",
        "Una factura (prefijo + sufijo) debe aparecer una sola vez. Las filas con errores se informan en el "
        "resultado y no impiden procesar las demás.",
    ]
    for row, line in enumerate(lines):
        help_sheet.write_string(row, 0, line)
    top = len(lines) + 1
    for position, title in enumerate(("Campo", "Tipo de dato", "Longitud máxima", "Obligatorio", "Regla")):
        help_sheet.write_string(top, position, title, header)
    for offset, column in enumerate(COLUMNS, start=1):
        help_sheet.write_row(top + offset, 0, (column.name, *RULES[column.name]), wrap)
    workbook.close()
    return buffer.getvalue()
