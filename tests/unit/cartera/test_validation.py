"""Validation of cartera files, without AWS: every rule, the files real clients write, the 50,000-row limit,
hostile files."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime

import openpyxl
import pytest

from chalicelib.cartera.columns import MAX_ROWS
from chalicelib.cartera.template import template_xlsx
from chalicelib.cartera.validation import validate_file
from chalicelib.spreadsheets import FileRejected
from tests.cartera.data import HEADER, xlsx
from tests.unit.test_hostile_spreadsheets import read_in_child, sparse_far_cell


def raw_xlsx(rows: int) -> bytes:
    """A minimal XLSX written straight as XML (inline strings): tens of thousands of rows in a blink."""
    def cells(r: int, values) -> str:
        out = []
        for c, v in enumerate(values):
            ref = f"{'ABCDEF'[c]}{r}"
            out.append(f'<c r="{ref}"><v>{v}</v></c>' if isinstance(v, int) else
                       f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>')
        return f'<row r="{r}">{"".join(out)}</row>'

    body = [cells(1, HEADER)]
    body += [cells(r, (f"FE{r}", "FE", r, "15/01/2024", 1000, 500)) for r in range(2, rows + 2)]
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             f'spreadsheetml/2006/main"><dimension ref="A1:F{rows + 1}"/><sheetData>{"".join(body)}</sheetData>'
             "</worksheet>")
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
        'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet '
        'name="Facturas" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.'
        f'org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _reasons(rows) -> dict[int, str]:
    return {r["fila"]: "; ".join(r["reasons"]) for r in validate_file(io.BytesIO(xlsx(rows)), "c.xlsx").rejected}


def test_50000_rows_are_accepted_and_50001_refused():
    assert len(validate_file(io.BytesIO(raw_xlsx(MAX_ROWS)), "c.xlsx").valid) == MAX_ROWS
    with pytest.raises(FileRejected, match="50.000 filas"):
        validate_file(io.BytesIO(raw_xlsx(MAX_ROWS + 1)), "c.xlsx")


@pytest.mark.parametrize(("row", "reason"), [
    ((None, "FE", "1", date(2024, 1, 1), 1, 1), 'Campo obligatorio "Numero Factura" vacío'),
    (("F" * 21, "FE", "1", date(2024, 1, 1), 1, 1), "Numero Factura\": supera la longitud máxima de 20"),
    (("F1", "FEXYZ", "1", date(2024, 1, 1), 1, 1), "Prefijo\": supera la longitud máxima de 4"),
    (("F1", "F-E", "1", date(2024, 1, 1), 1, 1), "Prefijo\": solo letras y números"),
    (("F1", "FE", None, date(2024, 1, 1), 1, 1), 'Campo obligatorio "Sufijo" vacío'),
    (("F1", "FE", "12A", date(2024, 1, 1), 1, 1), "Sufijo\": debe contener solo números"),
    (("F1", "FE", "1" * 21, date(2024, 1, 1), 1, 1), "Sufijo\": supera la longitud máxima de 20 dígitos"),
    (("F1", "FE", "1", None, 1, 1), 'Campo obligatorio "Fecha factura" vacío'),
    (("F1", "FE", "1", "2024/31/01", 1, 1), "Fecha factura\": fecha inválida"),
    (("F1", "FE", "1", "31/02/2024", 1, 1), "Fecha factura\": fecha inválida"),
    (("F1", "FE", "1", date(2024, 1, 1), None, 1), 'Campo obligatorio "Valor factura" vacío'),
    (("F1", "FE", "1", date(2024, 1, 1), "-5", 1), "Valor factura\": no puede ser negativo"),
    (("F1", "FE", "1", date(2024, 1, 1), 10, "-1.500"), "Saldo factura\": no puede ser negativo"),
    (("F1", "FE", "1", date(2024, 1, 1), 10, "-abc"), "Saldo factura\": debe ser un número entero"),
    (("F1", "FE", "1", date(2024, 1, 1), "123456789012", 1), "Valor factura\": supera el máximo de 11 dígitos"),
    (("F1", "FE", "1", date(2024, 1, 1), "1.500,50", 1), "Valor factura\": debe ser un valor en pesos, sin centavos"),
    (("F1", "FE", "1", date(2024, 1, 1), 1, None), 'Campo obligatorio "Saldo factura" vacío'),
    (("F1", "FE", "1", date(2024, 1, 1), 1, "abc"), "Saldo factura\": debe ser un número entero"),
    (("F1", "FE", "1", date(2024, 1, 1), 100, 101), '"Saldo factura" no puede ser mayor que "Valor factura"'),
])
def test_each_row_rule_rejects_the_row_and_keeps_the_others(row, reason):
    good = ("F9", "FE", "9", date(2024, 1, 1), 10, 10)
    result = validate_file(io.BytesIO(xlsx([good, row, good[:2] + ("10",) + good[3:]])), "c.xlsx")
    assert [fila for fila, _ in result.valid] == [2, 4]
    assert len(result.rejected) == 1 and reason in "; ".join(result.rejected[0]["reasons"])


def test_an_invoice_repeated_in_the_file_is_an_error_of_the_later_rows():
    rows = [("F1", "FE", "1", date(2024, 1, 1), 1, 1), ("F1", "FE", "0001", date(2024, 1, 1), 1, 1),
            ("F1", "", "1", date(2024, 1, 1), 1, 1)]
    assert _reasons(rows) == {3: "Factura repetida: Prefijo FE, Sufijo 1 ya aparece en la fila 2"}


def test_files_as_clients_write_them():
    """Date cells and text dates, numbers and Colombian thousands, trailing blank rows, saved by openpyxl
    (shared strings, styles) as well as by xlsxwriter."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(HEADER))
    sheet.append(["F1", "fe", 1, datetime(2024, 1, 15), 1500000, "1.200.000"])
    sheet.append(["F2", None, "0002", "15/01/2024", "2,500,000", 0])
    sheet.append(["F3", "FE", 3, "2024-01-15", 100.0, "100,00"])
    for _ in range(5):
        sheet.append([None] * 6)
    buffer = io.BytesIO()
    book.save(buffer)
    result = validate_file(io.BytesIO(buffer.getvalue()), "c.xlsx")
    assert not result.rejected
    assert [row for _, row in result.valid] == [
        {"numero_factura": "F1", "prefijo": "FE", "sufijo": "1", "fecha_factura": "2024-01-15",
         "valor_factura": 1_500_000, "saldo_factura": 1_200_000},
        {"numero_factura": "F2", "prefijo": "", "sufijo": "2", "fecha_factura": "2024-01-15",
         "valor_factura": 2_500_000, "saldo_factura": 0},
        {"numero_factura": "F3", "prefijo": "FE", "sufijo": "3", "fecha_factura": "2024-01-15",
         "valor_factura": 100, "saldo_factura": 100}]


def test_the_template_itself_is_accepted_with_its_instructions_sheet():
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx()))
    assert book.sheetnames == ["Facturas", "Instrucciones"]
    assert [c.value for c in book["Facturas"][1]] == list(HEADER)
    book["Facturas"].append(["F1", "FE", "1", "15/01/2024", 10, 5])
    buffer = io.BytesIO()
    book.save(buffer)
    assert len(validate_file(io.BytesIO(buffer.getvalue()), "c.xlsx").valid) == 1


@pytest.mark.parametrize(("body", "reason"), [
    (xlsx([("F1", "FE", "1", date(2024, 1, 1), 1, 1)], sheets=2), "como máximo 1 hoja(s) de datos"),
    (b"Numero Factura;Prefijo\nF1;FE\n", "no es un libro de Excel"),  # a CSV renamed .xlsx
    (b"\xd0\xcf\x11\xe0" + b"\0" * 600, "Excel 97-2003 (.xls)"),  # a legacy .xls renamed
    (b"PK\x03\x04garbage", "dañado"),
    (xlsx([("F1",)], header=("Numero Factura", "Sufijo")), "faltan las columnas obligatorias"),
    (xlsx([]), "no tiene filas de datos"),
])
def test_files_refused_as_a_whole_with_one_reason(body, reason):
    with pytest.raises(FileRejected, match=re.escape(reason)):
        validate_file(io.BytesIO(body), "cartera.xlsx")


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        source = zipfile.ZipFile(io.BytesIO(xlsx([("F1", "FE", "1", "01/01/2024", 1, 1)])))
        for entry in source.infolist():
            body = source.read(entry.filename)
            if entry.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(b"</sheetData>", b"</sheetData>" + b" " * (50 * 1024 * 1024))
            archive.writestr(entry.filename, body)
    return buffer.getvalue()


@pytest.mark.parametrize(("make", "reason"), [(_zip_bomb, "compresión anómala"), (sparse_far_cell, "columna XFD")])
def test_hostile_files_are_refused_with_the_cartera_limits_in_bounded_memory(tmp_path, make, reason):
    data = make()
    assert len(data) < 2 * 1024 * 1024
    outcome = read_in_child(tmp_path, data, max_rows=MAX_ROWS, max_sheets=1)
    assert reason in outcome.get("rejected", ""), outcome
    assert outcome["growth_mb"] < 100, outcome
