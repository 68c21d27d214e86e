"""read_cells: the shared reader's rows as tuples in the expected columns' order, the same rows read_rows gives."""

from __future__ import annotations

import io

from chalicelib.ingest.service import columns_of
from chalicelib.spreadsheets import read_cells, read_rows

COLUMNS = columns_of("invoices")
NAMES = [column.name for column in COLUMNS]


def test_cells_come_in_the_columns_order_with_absent_and_missing_cells_empty():
    # header in another order, Sucursal (optional) absent, the second row one cell short, a blank row
    data = ("Estado,NIT,Sufijo,Prefijo,Número factura,Fecha factura,Valor factura\n"
            "radicada,900123456-8,1,FE,FE1,2024-01-15,1500\n\n"
            "devuelta,900123456-8,2,FE,FE2,2024-01-16\n").encode()
    cells = list(read_cells(io.BytesIO(data), "f.csv", COLUMNS))
    by_name = list(read_rows(io.BytesIO(data), "f.csv", COLUMNS))
    assert [line for line, _ in cells] == [line for line, _ in by_name] == [2, 4]
    first = dict(zip(NAMES, cells[0][1], strict=True))
    assert (first["NIT"], first["Prefijo"], first["Estado"], first["Sucursal"]) == ("900123456-8", "FE", "radicada", "")
    assert dict(zip(NAMES, cells[1][1], strict=True))["Valor factura"] == ""
    for (_, row), (_, values) in zip(cells, by_name, strict=True):
        assert {name: cell for name, cell in zip(NAMES, row, strict=True) if name in values} == values


def test_a_column_s_texts_are_each_cell_s_text_whatever_the_mix_of_kinds():
    from datetime import date, datetime, time

    from chalicelib.spreadsheets.reader import cell_text, cell_texts

    columns = [
        [1.0, 20.0, 300.0], [1.5, 2.0], [date(2024, 1, 15), date(2024, 2, 1)],
        [1.0, "", 2.5, "texto", date(2024, 1, 15)], ["", ""], [True, 1.0, ""],
        [datetime(2024, 1, 15), datetime(2024, 1, 15, 8, 30), 3.0], [time(7, 45), None, "x"],
    ]
    for cells in columns:
        assert cell_texts(cells) == [cell_text(cell) for cell in cells], cells
