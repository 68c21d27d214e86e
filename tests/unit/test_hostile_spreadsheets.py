"""Hostile XLSX files, generated here, are refused by the one reader with bounded memory and time.

Each file is read in a child process (address space capped, so a regression fails the test instead of
the machine) that reports its own peak RSS growth and CPU time around the read. The peak is the child's
VmHWM (reset by exec), not ru_maxrss, which Linux carries over from the forking parent.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from chalicelib.spreadsheets.xlsx_guard import column_name
from tests import hostile_xlsx

SHEET = "xl/worksheets/sheet1.xml"
MEGABYTE = 1024 * 1024

CHILD = r"""
import json, re, resource, sys, time
from pathlib import Path
from chalicelib.ingest.service import columns_of
from chalicelib.spreadsheets import FileRejected, SheetLimits, read_rows
def peak_kb():
    return int(re.search(r"VmHWM:\s+(\d+)", Path("/proc/self/status").read_text()).group(1))
resource.setrlimit(resource.RLIMIT_AS, (3 * 1024 ** 3, 3 * 1024 ** 3))
limits = SheetLimits(**json.loads(sys.argv[2]))
before_rss = peak_kb()
usage = resource.getrusage(resource.RUSAGE_SELF)
before_cpu = usage.ru_utime + usage.ru_stime
outcome = {}
try:
    outcome["rows"] = sum(1 for _ in read_rows(sys.argv[1], "hostil.xlsx", columns_of("invoices"), limits))
except FileRejected as exc:
    outcome["rejected"] = str(exc)
usage = resource.getrusage(resource.RUSAGE_SELF)
outcome["growth_mb"] = (peak_kb() - before_rss) / 1024
outcome["peak_mb"] = peak_kb() / 1024
outcome["cpu_s"] = usage.ru_utime + usage.ru_stime - before_cpu
print(json.dumps(outcome))
"""


def workbook(rows: int = 2) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Facturas")
    sheet.write_row(0, 0, ["NIT", "Prefijo", "Sufijo", "Número factura", "Fecha factura", "Valor factura", "Estado"])
    for r in range(1, rows):
        sheet.write_row(r, 0, ["900123456-8", "FE", r, f"FE{r}", "2024-01-15", 1000, "radicada"])
    book.close()
    return buffer.getvalue()


def rewrite(data: bytes, part: str, change) -> bytes:
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in source.infolist():
            body = source.read(entry.filename)
            archive.writestr(entry.filename, change(body) if entry.filename == part else body)
    return out.getvalue()


def with_cell(reference: str, row: int) -> bytes:
    cell = f'<row r="{row}"><c r="{reference}"><v>1</v></c></row></sheetData>'.encode()
    return rewrite(workbook(), SHEET, lambda body: body.replace(b"</sheetData>", cell))


def read_in_child(tmp_path: Path, data: bytes, **limits) -> dict:
    path = tmp_path / "hostil.xlsx"
    path.write_bytes(data)
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", CHILD, str(path), json.dumps(limits)], cwd=root,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def sparse_far_cell() -> bytes:
    return with_cell("XFD1048576", 1_048_576)


def far_cell_in_range_of_columns() -> bytes:
    return with_cell("ZZ200000", 200_000)


def far_row() -> bytes:
    return with_cell("J1048576", 1_048_576)


def far_dimension() -> bytes:
    return rewrite(workbook(), SHEET, lambda body: re.sub(rb'<dimension ref="[^"]*"/>',
                                                          b'<dimension ref="A1:XFD1048576"/>', body))


def huge_shared_strings_count() -> bytes:
    return rewrite(workbook(), "xl/sharedStrings.xml", lambda body: re.sub(
        rb'count="\d+" uniqueCount="\d+"', b'count="2000000000" uniqueCount="2000000000"', body))


def huge_count_written_oddly() -> bytes:
    return rewrite(workbook(), "xl/sharedStrings.xml", lambda body: re.sub(
        rb'uniqueCount="\d+"', b"uniqueCount = '2000000000'", body))


def many_columns() -> bytes:
    cells = "".join(f'<c r="{column_name(c)}2"><v>1</v></c>' for c in range(1, 301))
    return rewrite(workbook(), SHEET, lambda body: re.sub(rb'<row r="2".*?</row>', f'<row r="2">{cells}</row>'
                                                          .encode(), body))


def billion_laughs() -> bytes:
    doctype = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
               + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
                         for i in range(1, 10)) + "]>").encode()
    return rewrite(workbook(), "xl/sharedStrings.xml",
                   lambda body: doctype + body.split(b"?>", 1)[1].replace(b"<t>NIT</t>", b"<t>&lol9;</t>"))


def far_cell_written_oddly(cell: str) -> bytes:
    """A far cell in a layout the quick byte scan leaves to the exact one."""
    return rewrite(workbook(), SHEET, lambda body: body.replace(b"</sheetData>", f'<row r="1048576">{cell}</row>'
                                                                "</sheetData>".encode()))


HOSTILE = {
    "sparse far cell XFD1048576": (sparse_far_cell, "columna XFD"),
    "far cell ZZ200000": (far_cell_in_range_of_columns, "columna ZZ"),
    "far row J1048576": (far_row, "celda J1048576"),
    "far dimension": (far_dimension, "rango de celdas"),
    "huge shared-strings count": (huge_shared_strings_count, "cantidad de textos"),
    "huge shared-strings count, written oddly": (huge_count_written_oddly, "cantidad de textos"),
    "many columns": (many_columns, "columna BM"),
    "billion laughs": (billion_laughs, "DTD"),
    "far cell with a prefix": (lambda: far_cell_written_oddly(
        '<x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="XFD1048576"><x:v>1</x:v></x:c>'),
        "columna XFD"),
    "far cell, reference not first": (lambda: far_cell_written_oddly('<c s="0" r="XFD1048576"><v>1</v></c>'),
                                      "columna XFD"),
    "far cell without a reference": (lambda: far_cell_written_oddly("<c><v>1</v></c>"), "celda A1048576"),
    "far cell, reference with a $": (lambda: far_cell_written_oddly('<c r="$XFD$1048576"><v>1</v></c>'),
                                     "columna XFD"),
    # the byte scan reads a cell's first reference; the library, its last: the capped child refuses it
    "far cell behind a second reference": (lambda: with_cell('A3" r="XFD1048576', 3), "estructura anómala"),
    # issue 20, item 2: parts the library finds by case-insensitive name or through the package relationships
    "second Sheet1.xml differing in case": (lambda: hostile_xlsx.second_sheet_differing_in_case(workbook()),
                                            "solo difieren en mayúsculas"),
    "SharedStrings.xml with uniqueCount 4000000000": (
        lambda: hostile_xlsx.shared_strings_differing_in_case(workbook()), "cantidad de textos"),
    "SharedStrings.xml beside sharedStrings.xml": (lambda: hostile_xlsx.shared_strings_beside(workbook()),
                                                   "solo difieren en mayúsculas"),
    "a second sheet1.xml written with backslashes": (lambda: hostile_xlsx.package(
        [*hostile_xlsx.parts_of(workbook()).items(), ("xl\\worksheets\\sheet1.xml", hostile_xlsx.FAR_SHEET)]),
        "solo difieren en mayúsculas o en la forma de escribir la ruta"),
    "_rels/.rels moving the workbook to y/": (
        lambda: hostile_xlsx.workbook_moved_by_package_relationships(workbook()), "columna XFD"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_workbooks_are_refused_in_spanish_with_bounded_memory_and_time(tmp_path, name):
    make, reason = HOSTILE[name]
    data = make()
    assert len(data) < 64 * 1024  # small files: the zip limits alone cannot catch them
    outcome = read_in_child(tmp_path, data)
    assert reason in outcome.get("rejected", ""), outcome
    assert outcome["growth_mb"] < 100, outcome
    assert outcome["cpu_s"] < 2, outcome


def test_an_honest_workbook_near_the_limits_is_read(tmp_path):
    outcome = read_in_child(tmp_path, workbook(rows=2_001), max_rows=2_000, max_cells=2_001 * 7)
    assert outcome == outcome | {"rows": 2_000}, outcome


def test_one_row_over_the_limit_is_refused_before_reading_the_sheet(tmp_path):
    outcome = read_in_child(tmp_path, workbook(rows=2_002), max_rows=2_000)
    assert outcome.get("rejected") == ("El archivo tiene más de 2.000 filas de datos, el máximo de este cargue; "
                                       "divídalo en varios archivos"), outcome


def test_a_workbook_with_values_far_apart_but_inside_the_limits_is_read(tmp_path):
    outcome = read_in_child(tmp_path, with_cell("A5000", 5_000), max_rows=10_000)
    assert outcome.get("rows") == 2, outcome  # the data row and the far one; blank rows between are skipped


# Broken sheets: what the library would misread goes to the exact scan, which refuses it; what the library's parser
# refuses comes back as a damaged file; what it tolerates without losing a value is read whole.
BROKEN = {
    "an undefined entity": (lambda body: body.replace(b"<v>1000</v>", b"<v>&mil;</v>", 1),
                            "El archivo .xlsx tiene XML inválido en xl/worksheets/sheet1.xml"),
    "a row after the root element": (lambda body: body + b'<row r="3"><c r="A3"><v>1</v></c></row>',
                                     "El archivo .xlsx tiene XML inválido en xl/worksheets/sheet1.xml"),
    "a second sheetData": (lambda body: body.replace(
        b"</sheetData>", b'</sheetData><sheetData><row r="3"><c r="A3"><v>1</v></c></row></sheetData>'),
        "La hoja tiene sus datos en dos bloques (sheetData)"),
    "a DTD declaring an entity": (lambda body: body.replace(b"?>", b'?><!DOCTYPE worksheet [<!ENTITY a "7">]>', 1),
                                  "El archivo .xlsx declara entidades XML (DTD)"),
    "an attribute without quotes": (lambda body: body.replace(b'<row r="2"', b"<row r=2", 1),
                                    "No se pudo leer el libro de Excel: el archivo está dañado"),
    "cut short inside a tag": (lambda body: body[:body.find(b'<row r="2"') + 7],
                               "El archivo .xlsx tiene XML inválido en xl/worksheets/sheet1.xml"),
    "bytes that are not UTF-8": (lambda body: body.replace(b"<v>1000</v>", b"<v>\xff</v>", 1),
                                 "No se pudo leer el libro de Excel: el archivo está dañado"),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_a_broken_sheet_is_refused_in_spanish_never_read_in_part(tmp_path, name):
    change, reason = BROKEN[name]
    outcome = read_in_child(tmp_path, rewrite(workbook(), SHEET, change))
    assert outcome.get("rejected", "").startswith(reason), outcome


def test_a_break_the_library_tolerates_loses_no_row(tmp_path):
    unclosed = rewrite(workbook(rows=5), SHEET, lambda body: body.replace(b"<sheetData>", b"<sheetData><row>"))
    assert read_in_child(tmp_path, unclosed).get("rows") == 4


@pytest.mark.parametrize("piece", [64, 1000, 1 << 20])
def test_the_quick_scan_bounds_an_honest_sheet_as_the_exact_one_does(monkeypatch, piece):
    from chalicelib.spreadsheets import SheetLimits, xlsx_guard

    data = workbook(rows=300)
    monkeypatch.setattr(xlsx_guard, "PIECE", piece)  # tags cut between pieces
    quick = xlsx_guard.inspect_xlsx(io.BytesIO(data), SheetLimits())
    monkeypatch.setattr(xlsx_guard, "_quick_sheet_bounds", lambda *_: None)
    exact = xlsx_guard.inspect_xlsx(io.BytesIO(data), SheetLimits())
    assert (quick.last_row, quick.last_column) == (exact.last_row, exact.last_column) == (300, 7)


# Limits whose rows and columns keep the area within max_cells: the quick scan only searches for a reference beyond
# them (no object per cell); each far cell is still refused, by the exact scan, with its place.
NARROW = {"max_rows": 2_000, "max_columns": 10}


@pytest.mark.parametrize(("reference", "row", "reason"), [
    ("K2", 2, "columna K"), ("AA2", 2, "columna AA"), ("XFD1048576", 1_048_576, "columna XFD"),
    ("A20000", 20_000, "celda A20000"), ("J1048576", 1_048_576, "celda J1048576"),
])
def test_a_far_cell_is_refused_when_the_limits_bound_the_area(tmp_path, reference, row, reason):
    outcome = read_in_child(tmp_path, with_cell(reference, row), **NARROW)
    assert reason in outcome.get("rejected", ""), outcome
    assert outcome["growth_mb"] < 100, outcome


def test_the_quick_scan_gives_the_limits_as_bounds_when_they_bound_the_area():
    from chalicelib.spreadsheets import SheetLimits, xlsx_guard

    shape = xlsx_guard.inspect_xlsx(io.BytesIO(workbook(rows=300)), SheetLimits(**NARROW))
    assert (shape.last_row, shape.last_column) == (2_001, 10)
    edge = with_cell("J2001", 2_001)  # the last row and column the limits allow
    assert xlsx_guard.inspect_xlsx(io.BytesIO(edge), SheetLimits(**NARROW)).last_row == 2_001
