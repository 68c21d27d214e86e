from __future__ import annotations

import csv
import io

from chalicelib.ingest.service import RejectedRow, columns_of, rejected_rows_csv


def test_rejected_rows_csv_is_excel_friendly_and_neutralises_formulas():
    rejected = [
        RejectedRow(3, {"NIT": '=HYPERLINK("http://x")', "Sufijo": "-5"}, ['Falta "Estado"']),
        RejectedRow(7, {"NIT": "900123456-8", "Sufijo": "@SUM(A1)"}, ["uno", "dos"]),
    ]
    data = rejected_rows_csv(rejected, columns_of("invoices"))
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert table[0][0] == "Fila" and table[0][-1] == "Motivo del rechazo"
    assert table[0][1:-1] == [c.name for c in columns_of("invoices")]
    first = dict(zip(table[0], table[1], strict=True))
    assert first["NIT"] == "'=HYPERLINK(\"http://x\")" and first["Sufijo"] == "'-5" and first["Fila"] == "3"
    second = dict(zip(table[0], table[2], strict=True))
    assert second["Sufijo"] == "'@SUM(A1)" and second["Motivo del rechazo"] == "uno; dos"
    assert second["NIT"] == "900123456-8"


def test_rejected_rows_csv_without_schema_uses_the_rows_columns():
    data = rejected_rows_csv([RejectedRow(2, {"A": "1", "B": "+2"}, ["x"])])
    assert data.decode("utf-8-sig").splitlines() == ["Fila;A;B;Motivo del rechazo", "2;1;'+2;x"]
