"""The result XLSX (chalicelib/common/xlsx_tables: constant memory): one row per row of the provider's file
with the EPS's columns added, a summary sheet and an errors sheet. Numbers are numbers and dates are dates (in
rows with errors too, where their cells read cleanly); text is written as text (a string cell never runs as a
formula); frozen header, widths and filters as a person expects.

Reconciliation builds each row of the Conciliación sheet (chalicelib/cartera/reconcile.reconciled_line): flat lists,
dates as Excel serial numbers, so writing only merges them with the rejected rows.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping

from chalicelib.cartera.columns import COLUMNS
from chalicelib.common.xlsx_tables import DATE, MONEY, NUMBER, TEXT, Table, TableColumn, write_tables
from chalicelib.ingest.schema import Kind
from chalicelib.spreadsheets.typed_cells import typed_value

RESULT_COLUMNS: tuple[tuple[str, str, int], ...] = (  # (title, kind, width)
    ("Fila", NUMBER, 7),
    ("Numero Factura", TEXT, 18), ("Prefijo", TEXT, 9), ("Sufijo", TEXT, 14), ("Fecha factura", DATE, 13),
    ("Valor factura", MONEY, 15), ("Saldo factura", MONEY, 15),
    ("Encontrada en la EPS", TEXT, 11), ("Número radicado", TEXT, 16), ("Fecha radicación", DATE, 13),
    ("Estado EPS", TEXT, 24), ("Valor radicado EPS", MONEY, 15), ("Valor glosado", MONEY, 14),
    ("Glosa aceptada por la IPS", MONEY, 14), ("Glosa levantada", MONEY, 14), ("Glosa en discusión", MONEY, 14),
    ("Valor pagado", MONEY, 15), ("Último pago", TEXT, 14), ("Fecha último pago", DATE, 13),
    ("Saldo reconocido EPS", MONEY, 16), ("Diferencia", MONEY, 15), ("Observación", TEXT, 60),
)
ERROR_NOTE = "Fila no conciliada: tiene errores (ver hoja Errores)"


def _as_written(record: dict) -> list:
    """The file's cells of a rejected row, typed where they read cleanly (typed_cells)."""
    values = record["values"]
    return [typed_value(values.get(c.name), c.kind) for c in COLUMNS]


def _rejected_line(record: dict) -> list:
    return [record["fila"], *_as_written(record), *([None] * (len(RESULT_COLUMNS) - len(COLUMNS) - 2)), ERROR_NOTE]


def _summary_rows(summary: Mapping, filename: str) -> list[list]:
    """summary: reconcile.Summary.as_dict()"""
    lines: list[list] = [
        ["Archivo", filename, None, None], ["Filas conciliadas", summary["filas_conciliadas"], None, None],
        ["Filas con errores", summary["filas_con_errores"], None, None],
        ["Facturas encontradas en la EPS", summary["encontradas"], None, None],
        ["Saldo declarado por el prestador", summary["saldo_declarado"], None, None],
        ["Saldo reconocido por la EPS", summary["saldo_reconocido"], None, None],
        ["Diferencia", summary["diferencia"], None, None]]
    lines += [[f"Estado EPS: {state}", values["facturas"], values["saldo_declarado"], values["saldo_reconocido"]]
              for state, values in summary["por_estado"].items()]
    return lines


_KINDS = {Kind.MONEY: MONEY, Kind.DATE: DATE}
SUMMARY_COLUMNS = (TableColumn("Concepto", TEXT, 34), TableColumn("Valor / Facturas", MONEY, 22),
                   TableColumn("Saldo declarado", MONEY, 20), TableColumn("Saldo reconocido", MONEY, 20))
CONCILIATION_COLUMNS = tuple(TableColumn(title, kind, width) for title, kind, width in RESULT_COLUMNS)
ERROR_COLUMNS = (TableColumn("Fila", NUMBER, 7), *(TableColumn(c.name, _KINDS.get(c.kind, TEXT), 16) for c in COLUMNS),
                 TableColumn("Errores", TEXT, 80))


def write_result(path: str, lines: Iterable[list], rejected: list[dict], summary: Mapping, filename: str) -> None:
    """Sheets: Resumen (a value per line, then one line per EPS state), Conciliación (one row per row of the file:
    `lines` from reconcile.reconciled_line and the `rejected` records, each in file order), Errores (the rows that
    could not be reconciled, and why)."""
    conciliation = heapq.merge(lines, map(_rejected_line, rejected), key=_first) if rejected else lines
    errors = ([r["fila"], *_as_written(r), "; ".join(r["reasons"])] for r in rejected)
    write_tables(path, [Table("Resumen", SUMMARY_COLUMNS, _summary_rows(summary, filename)),
                        Table("Conciliación", CONCILIATION_COLUMNS, conciliation),
                        Table("Errores", ERROR_COLUMNS, errors)])


def _first(line: list) -> int:
    return line[0]
