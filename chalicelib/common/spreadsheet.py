"""CSV files written for spreadsheet programs that open them: their dialect and their text cells.

Only CSV needs this: a CSV cell has no type, so a program guesses, and "=…" becomes a formula. An XLSX string
cell is text whatever it starts with (chalicelib/common/xlsx_tables and xlsxwriter's write_string write string
cells), so there the value is written as it is — prefixing it would only change the provider's data
("+573001234567" → "'+573001234567")."""

from __future__ import annotations

import csv

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """Keep spreadsheet programs from running a CSV text cell as a formula (OWASP "CSV injection")."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


class ExcelEs(csv.excel):
    """The dialect of every CSV the portal hands out: ";" between fields (the list separator of the es-CO locale,
    whose decimal separator is ","), CRLF line ends, quotes only where needed. Written in UTF-8 with BOM."""

    delimiter = ";"
    lineterminator = "\r\n"


EXCEL_ES = "excel-es"
csv.register_dialect(EXCEL_ES, ExcelEs)
BOM = "\ufeff"  # Excel reads a CSV as UTF-8 only with it; LibreOffice honours it
