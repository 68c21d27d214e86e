"""The result XLSX as a person opens it: typed cells (rows with errors too), formats, frozen header, widths,
filters, text exactly as the provider wrote it in string cells (never formulas, never prefixed)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime

import openpyxl
import pytest

from chalicelib.cartera.eps_reads import EpsInvoice
from chalicelib.cartera.reconcile import reconcile_file
from chalicelib.cartera.result_file import RESULT_COLUMNS, write_result

ROW = {"numero_factura": "=1+2", "prefijo": "FE", "sufijo": "1", "fecha_factura": "2024-01-15",
       "valor_factura": 1_500_000, "saldo_factura": 1_000_000}
EPS = EpsInvoice("R1", "2024-01-20", "radicada", 1_500_000, valor_pagado=500_000, ultimo_pago="7001",
                 fecha_ultimo_pago="2024-02-10")
ERROR = {"fila": 3, "values": {"Numero Factura": "@SUM(A1)", "Prefijo": "+57", "Sufijo": "x",
                                "Fecha factura": "31/01/2024", "Valor factura": "1.500.000", "Saldo factura": "-5000"},
         "reasons": ["Sufijo inválido"]}
UNREADABLE = {"fila": 5, "values": {"Numero Factura": "F5", "Sufijo": "5", "Fecha factura": "31/02/2024",
                                    "Valor factura": "12abc", "Saldo factura": ""}, "reasons": ["…"]}


@pytest.fixture
def result(tmp_path):
    path = tmp_path / "resultado.xlsx"
    lines, summary = reconcile_file([(2, ROW), (4, {**ROW, "sufijo": "2"})], {"FE#1": EPS}, rejected=1)
    write_result(str(path), lines, [ERROR, UNREADABLE], summary.as_dict(), "-archivo.xlsx")
    return path, summary


def test_cells_are_typed_formatted_and_text_as_written(result):
    path, summary = result
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Resumen", "Conciliación", "Errores"]
    sheet = book["Conciliación"]
    assert [c.value for c in sheet[1]] == [title for title, _, _ in RESULT_COLUMNS]
    row = {title: cell for (title, _, _), cell in zip(RESULT_COLUMNS, sheet[2], strict=True)}
    assert row["Numero Factura"].value == "=1+2" and row["Numero Factura"].data_type == "s"  # text, not a formula
    assert row["Valor factura"].value == 1_500_000 and row["Valor factura"].number_format == "#,##0"
    assert row["Fecha factura"].value == datetime(2024, 1, 15) and row["Fecha factura"].number_format == "dd/mm/yyyy"
    assert row["Fecha radicación"].value == datetime(2024, 1, 20)
    last_payment = row["Fecha último pago"]
    assert last_payment.value == datetime(2024, 2, 10) and last_payment.number_format == "dd/mm/yyyy"
    assert row["Estado EPS"].value == "Radicada" and row["Saldo reconocido EPS"].value == 1_000_000
    assert row["Observación"].value == "Pagada parcialmente" and row["Último pago"].value == "7001"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:V5"
    assert sheet.column_dimensions["V"].width > 50
    assert sheet["A3"].value == 3 and sheet["V3"].value.startswith("Fila no conciliada")  # rows in file order
    missing = {title: cell.value for (title, _, _), cell in zip(RESULT_COLUMNS, sheet[4], strict=True)}
    assert (missing["Fila"], missing["Encontrada en la EPS"], missing["Número radicado"], missing["Valor pagado"],
            missing["Diferencia"]) == (4, "No", None, None, 1_000_000)
    assert book["Errores"]["B2"].value == "@SUM(A1)" and book["Errores"]["B2"].data_type == "s"
    assert book["Resumen"]["A2"].value == "Archivo" and book["Resumen"]["B2"].value == "-archivo.xlsx"
    assert (summary.rows, summary.rejected, summary.declared, summary.recognised) == (2, 1, 2_000_000, 1_000_000)


def test_rows_with_errors_keep_their_dates_and_amounts_typed(result):
    """A refused row comes back with the cells that read cleanly as dates and numbers (a negative amount too,
    refused for its sign) and the others as the provider wrote them."""
    path, _ = result
    book = openpyxl.load_workbook(path)
    for sheet in (book["Conciliación"], book["Errores"]):
        titles = [c.value for c in sheet[1]]
        rows = {r[0]: dict(zip(titles, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)}
        refused, unreadable = rows[3], rows[5]
        assert refused["Fecha factura"] == datetime(2024, 1, 31)
        assert (refused["Valor factura"], refused["Saldo factura"]) == (1_500_000, -5000)
        assert refused["Prefijo"] == "+57" and refused["Numero Factura"] == "@SUM(A1)"
        assert (unreadable["Fecha factura"], unreadable["Valor factura"]) == ("31/02/2024", "12abc")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed here")
def test_libreoffice_opens_it(result, tmp_path):
    path, _ = result
    out = tmp_path / "csv"
    done = subprocess.run([shutil.which("soffice"), "--headless", "--convert-to", "csv", "--outdir", str(out),
                           str(path)], capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    text = (out / "resultado.csv").read_text(encoding="utf-8", errors="replace")  # the first sheet: Resumen
    assert "Saldo reconocido por la EPS,1000000" in text and "Estado EPS: Radicada,1,1000000,1000000" in text  # numbers
