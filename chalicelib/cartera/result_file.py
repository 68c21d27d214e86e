"""The result XLSX (chalicelib/common/xlsx_tables: constant memory): one row per row of the provider's file
with the EPS's columns added, a summary sheet and an errors sheet. Numbers are numbers, dates are dates, text from the
file is neutralised against formulas; frozen header, widths and filters as a person expects."""

from __future__ import annotations

from collections.abc import Iterable

from chalicelib.cartera.columns import COLUMNS
from chalicelib.cartera.reconcile import Summary
from chalicelib.common.xlsx_tables import DATE, MONEY, TEXT, Table, TableColumn, as_date, write_tables

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


def _typed(columns: tuple[tuple[str, str, int], ...], values: list) -> list:
    return [as_date(value) if kind == DATE else value for (_, kind, _), value in zip(columns, values, strict=True)]


def _rejected_row(record: dict) -> list:
    values = record["values"]
    return [record["fila"], *(values.get(c.name) or None for c in COLUMNS),
            *([None] * (len(RESULT_COLUMNS) - len(COLUMNS) - 2)), ERROR_NOTE]


def _summary_rows(summary: Summary, filename: str) -> list[list]:
    lines: list[list] = [
        ["Archivo", filename, None, None], ["Filas conciliadas", summary.rows, None, None],
        ["Filas con errores", summary.rejected, None, None],
        ["Facturas encontradas en la EPS", summary.found, None, None],
        ["Saldo declarado por el prestador", summary.declared, None, None],
        ["Saldo reconocido por la EPS", summary.recognised, None, None],
        ["Diferencia", summary.declared - summary.recognised, None, None]]
    lines += [[f"Estado EPS: {state}", count, declared, recognised]
              for state, (count, declared, recognised) in sorted(summary.by_state.items())]
    return lines


SUMMARY_COLUMNS = (TableColumn("Concepto", TEXT, 34), TableColumn("Valor / Facturas", MONEY, 22),
                   TableColumn("Saldo declarado", MONEY, 20), TableColumn("Saldo reconocido", MONEY, 20))
ERROR_COLUMNS = (TableColumn("Fila", MONEY, 7), *(TableColumn(c.name, TEXT, 16) for c in COLUMNS),
                 TableColumn("Errores", TEXT, 80))


def write_result(path: str, records: Iterable[tuple[str, dict]], filename: str) -> Summary:
    """records: ("ok", reconciled record) or ("error", rejected record), in the file's row order. Sheets:
    Resumen (a value per line, then one line per EPS state), Conciliación (one row per row of the file),
    Errores (the rows that could not be reconciled, and why)."""
    records = list(records)  # references to the pipeline's records: the summary sheet comes first
    summary = Summary()
    for kind, record in records:
        if kind == "ok":
            summary.add(record["row"], record["r"])
        else:
            summary.rejected += 1
    conciliation = (_typed(RESULT_COLUMNS, _values(record)) if kind == "ok" else _rejected_row(record)
                    for kind, record in records)
    errors = ([r["fila"], *(r["values"].get(c.name) or None for c in COLUMNS), "; ".join(r["reasons"])]
              for kind, r in records if kind != "ok")
    write_tables(path, [
        Table("Resumen", SUMMARY_COLUMNS, _summary_rows(summary, filename)),
        Table("Conciliación", tuple(TableColumn(t, k, w) for t, k, w in RESULT_COLUMNS), conciliation),
        Table("Errores", ERROR_COLUMNS, errors)])
    return summary
