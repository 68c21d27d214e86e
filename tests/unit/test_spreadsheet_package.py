"""Honest packages read through the rebuilt package exactly as they read before: what the copy must carry over
(the 1904 date system, styles that make a number a date, shared strings) and the part layouts real writers use."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
import xlsxwriter

from chalicelib.ingest.service import columns_of
from chalicelib.spreadsheets import FileRejected, read_rows
from chalicelib.spreadsheets.isolated import DAMAGED
from tests import hostile_xlsx
from tests.unit.test_hostile_spreadsheets import workbook

HEADER = ["NIT", "Prefijo", "Sufijo", "Número factura", "Fecha factura", "Valor factura", "Estado"]
ROW = ["900123456-8", "FE", 7, "FE7", date(2024, 1, 15), 1000, "radicada"]
EXPECTED = {"NIT": "900123456-8", "Prefijo": "FE", "Sufijo": "7", "Número factura": "FE7",
            "Fecha factura": "2024-01-15", "Valor factura": "1000", "Estado": "radicada"}


def rows(body: bytes) -> list:
    return list(read_rows(io.BytesIO(body), "facturas.xlsx", columns_of("invoices")))


def _xlsxwriter(options: dict) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, **options})
    sheet = book.add_worksheet("Facturas")
    sheet.write_row(0, 0, HEADER)
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    for column, value in enumerate(ROW):
        if isinstance(value, date):
            sheet.write_datetime(1, column, value, dates)
        else:
            sheet.write(1, column, value)
    book.close()
    return buffer.getvalue()


def test_a_workbook_in_the_1904_date_system_keeps_its_dates():
    assert rows(_xlsxwriter({"date_1904": True})) == [(2, EXPECTED)]
    assert rows(_xlsxwriter({})) == [(2, EXPECTED)]


def test_a_workbook_written_by_openpyxl_is_read():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(ROW)
    sheet["E2"].number_format = "dd/mm/yyyy"
    buffer = io.BytesIO()
    book.save(buffer)
    assert rows(buffer.getvalue()) == [(2, EXPECTED)]


def test_the_first_sheet_is_found_through_the_relationships_whatever_its_part_is_called():
    parts = hostile_xlsx.parts_of(workbook(rows=2))
    sheet = parts.pop("xl/worksheets/sheet1.xml")
    relationships = parts["xl/_rels/workbook.xml.rels"].replace(b"worksheets/sheet1.xml", b"/xl/hojas/Datos.xml")
    moved = hostile_xlsx.package({**parts, "xl/_rels/workbook.xml.rels": relationships, "xl/hojas/Datos.xml": sheet,
                                  "xl/worksheets/sheet1.xml": hostile_xlsx.FAR_SHEET.replace(b"XFD", b"A")})
    assert [line for line, _ in rows(moved)] == [2]


def test_part_names_in_another_case_are_the_same_parts():
    parts = hostile_xlsx.parts_of(workbook(rows=2))
    renamed = {name.upper() if name.startswith("xl/") else name: data for name, data in parts.items()}
    assert [line for line, _ in rows(hostile_xlsx.package(renamed))] == [2]


def test_control_characters_in_cells_come_back_as_they_were():
    """Rows travel from the parsing child as one string per row, cells joined by \\x1f: a cell holding that
    character (Excel writes it as _x001F_) must not be split."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Facturas")
    sheet.write_row(0, 0, HEADER)
    sheet.write_row(1, 0, ["900123456-8", "F\x1fE", 7, "FE\x1e7", "2024-01-15", 1000, "\x1f"])
    book.close()
    [(_, values)] = rows(buffer.getvalue())
    assert (values["Prefijo"], values["Número factura"], values["Estado"]) == ("F\x1fE", "FE\x1e7", "\x1f")


def test_a_workbook_the_library_cannot_read_is_called_damaged_in_spanish():
    """The guard lets it through (it bounds sizes, not meaning); the library's English error stays in the child."""
    parts = hostile_xlsx.parts_of(workbook(rows=2))
    del parts["xl/sharedStrings.xml"]  # cells still point into the table
    with pytest.raises(FileRejected) as refused:
        rows(hostile_xlsx.package(parts))
    assert str(refused.value) == DAMAGED


def test_the_package_is_filled_as_the_guard_scans_and_copied_again_only_when_a_scan_falls_back():
    import zipfile

    from chalicelib.spreadsheets.limits import SheetLimits
    from chalicelib.spreadsheets.rebuilt import PackageCopy, rebuilt_package
    from chalicelib.spreadsheets.xlsx_guard import inspect_xlsx
    from tests.unit.test_hostile_spreadsheets import SHEET, rewrite

    def package_parts(body: bytes) -> tuple[set[str], dict[str, bytes]]:
        with PackageCopy() as copy:
            shape = inspect_xlsx(io.BytesIO(body), SheetLimits(), copy.part)
            with rebuilt_package(io.BytesIO(body), shape, copy) as path, zipfile.ZipFile(path) as package:
                names = package.namelist()
                assert len(names) == len(set(names)) == 7  # 3 scanned parts, each once; 4 written here
                return shape.copied, {name: package.read(name) for name in names}

    plain = _xlsxwriter({})
    copied, parts = package_parts(plain)
    assert copied == {"sheet", "sharedStrings", "styles"}
    assert parts["xl/worksheets/sheet1.xml"] == zipfile.ZipFile(io.BytesIO(plain)).read(SHEET)
    # a comment sends the sheet to the exact scan: the parts come from the upload, the same bytes
    commented = rewrite(plain, SHEET, lambda body: body.replace(b"<sheetData>", b"<!-- nota --><sheetData>"))
    copied, parts = package_parts(commented)
    assert "sheet" not in copied
    assert parts["xl/worksheets/sheet1.xml"] == zipfile.ZipFile(io.BytesIO(commented)).read(SHEET)
    assert rows(commented) == rows(plain) == [(2, EXPECTED)]
