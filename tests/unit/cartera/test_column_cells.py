"""A column parsed at once gives, for every cell it takes, the value the schema's parser gives; the others it
leaves to the schema (SLOW)."""

from __future__ import annotations

import pytest

from chalicelib.cartera.column_cells import SLOW, column_values
from chalicelib.cartera.columns import COLUMNS
from chalicelib.spreadsheets.cells import CellError

CELLS = {  # column → cells in plain and unusual forms
    "Numero Factura": ["FE1", "F" * 20, "F" * 21, "", "=1+2"],
    "Prefijo": ["FE", "fe", "", "F-E", "FEXYZ", "Ñ1"],
    "Sufijo": ["1", "0001", "000", "", "12A", "1" * 20, "1" * 21, "²"],
    "Fecha factura": ["2024-01-15", "15/01/2024", "31/02/2024", "", "2024/31/01"],
    "Valor factura": ["1500000", "1.500.000", "00000000000001", "", "-5", "1" * 12, "١٢"],
    "Saldo factura": ["0", "100,00", "abc"],
}


def _schema_value(column, text: str):
    if not text:
        return SLOW if column.required else column.default
    try:
        return column.parse(text)
    except CellError:
        return SLOW


@pytest.mark.parametrize("column", COLUMNS, ids=lambda c: c.name)
@pytest.mark.parametrize("alone", [True, False], ids=["column of one form", "mixed column"])
def test_taken_cells_have_the_schemas_value(column, alone):
    texts = CELLS[column.name]
    columns = [[text] * 3 for text in texts] if alone else [texts]
    for cells in columns:
        for text, value in zip(cells, column_values(column, cells), strict=True):
            expected = _schema_value(column, text)
            assert value is SLOW or value == expected, (text, value, expected)
            if expected is SLOW:
                assert value is SLOW, text


def test_a_plain_column_is_taken_whole():
    sufijo = next(c for c in COLUMNS if c.name == "Sufijo")
    assert column_values(sufijo, ["0001", "20", "000"]) == ["1", "20", "0"]
