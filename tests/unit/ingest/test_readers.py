from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time

import pytest
import xlsxwriter

from chalicelib.ingest.service import columns_of
from chalicelib.spreadsheets import FileRejected, SheetLimits, read_rows

INVOICE_COLUMNS = columns_of("invoices")
HEADER = ["NIT", "Prefijo", "Sufijo", "Número factura", "Fecha factura", "Valor factura", "Estado"]


def rows(data: bytes, filename="f.csv", **kwargs):
    return list(read_rows(io.BytesIO(data), filename, INVOICE_COLUMNS, **kwargs))


def test_csv_with_bom_and_semicolons():
    data = "\ufeffNIT;Prefijo;Sufijo;Número factura;Fecha factura;Valor factura;Estado\n" \
           "900123456-8;FE;1;FE1;2024-01-15;1.500,00;radicada\n\n" \
           '900123456-8;;2;"2; con punto y coma";15/01/2024;7;radicada\n'  # fmt: skip
    result = rows(data.encode())
    assert result[0][1]["NIT"] == "900123456-8" and "Sucursal" not in result[0][1]  # optional, absent
    assert result[0][1]["Valor factura"] == "1.500,00"
    assert [line for line, _ in result] == [2, 4]  # blank line skipped, numbering kept
    assert result[1][1]["Número factura"] == "2; con punto y coma"


def test_header_matching_ignores_case_accents_spaces_and_underscores():
    data = "nit,PREFIJO FACTURA,sufijo,NUMERO_FACTURA,fecha  factura,valor factura,ESTADO\n1,2,3,4,5,6,7\n"
    ((_, values),) = rows(data.encode())
    assert values["Prefijo"] == "2" and values["Número factura"] == "4" and values["Estado"] == "7"


def test_missing_and_unknown_header_columns_are_named():
    with pytest.raises(FileRejected) as error:
        rows(b"NIT,Prefijo,Color favorito\n1,2,3\n")
    message = str(error.value)
    assert 'faltan las columnas obligatorias "Sufijo", "Número factura"' in message
    assert 'columnas desconocidas "Color favorito"' in message


def test_empty_and_non_utf8_csv_rejected():
    with pytest.raises(FileRejected, match="vacío"):
        rows(b"")
    with pytest.raises(FileRejected, match="UTF-8"):
        rows(
            ",".join(HEADER).encode()
            + "\n900123456-8,,1,Factura año,2024-01-01,1,radicada\n".encode("cp1252")
        )


def xlsx_bytes(header, *data) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet("Facturas")
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for c, title in enumerate(header):
        sheet.write(0, c, title)
    for r, row in enumerate(data, start=1):
        for c, value in enumerate(row):
            if isinstance(value, date | datetime | time):
                sheet.write_datetime(r, c, value, date_format)
            elif value is not None:
                sheet.write(r, c, value)
    workbook.close()
    return buffer.getvalue()


def test_xlsx_cells_become_canonical_strings():
    data = xlsx_bytes(
        HEADER,
        ["900123456-8", "FE", 1001, "FE1001", date(2024, 1, 15), 1500000.0, "Radicada"],
        [None] * 7,
        [9001234568, None, 12.5, "X", datetime(2024, 2, 1, 10, 30), 3, "radicada"],
    )
    result = rows(data, "facturas.xlsx")
    assert [line for line, _ in result] == [2, 4]
    first, second = result[0][1], result[1][1]
    assert (first["Sufijo"], first["Fecha factura"], first["Valor factura"]) == (
        "1001",
        "2024-01-15",
        "1500000",
    )
    assert (second["NIT"], second["Sufijo"], second["Fecha factura"]) == (
        "9001234568",
        "12.5",
        "2024-02-01 10:30:00",
    )
    assert second["Prefijo"] == ""


def test_a_file_named_xlsx_that_is_not_a_zip_is_rejected():
    with pytest.raises(FileRejected, match="no es un libro de Excel .xlsx válido"):
        rows(b"NIT,Sufijo\n1,2\n", "facturas.xlsx")
    with pytest.raises(FileRejected, match="no soportado"):
        rows(b"%PDF-1.7", "facturas.pdf")


def test_a_zip_that_is_not_a_workbook_is_rejected():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hola.txt", "hola")
    with pytest.raises(FileRejected, match="no es un libro de Excel"):
        rows(buffer.getvalue(), "f.xlsx")


def test_zip_bomb_like_files_are_rejected_by_the_limits():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 20_000_000)
    bomb = buffer.getvalue()
    assert len(bomb) < 100_000
    with pytest.raises(FileRejected, match="compresión anómala"):
        rows(bomb, "f.xlsx")
    with pytest.raises(FileRejected, match="demasiado grande"):
        rows(bomb, "f.xlsx", limits=SheetLimits(max_uncompressed_bytes=1_000_000))
    with pytest.raises(FileRejected, match="demasiadas partes"):
        rows(xlsx_bytes(HEADER), "f.xlsx", limits=SheetLimits(max_zip_entries=3))
