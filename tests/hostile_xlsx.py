"""Packages that make a sheet library read parts a guard never saw (issue 20, item 2), built from any honest XLSX.

Each returns a file of a few KB on top of `body`: a library that finds parts by case-insensitive name or follows
the package's relationships would allocate the used area of a cell at XFD1048576 (≈512 GB) or a shared-string
table of four billion entries.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
FAR_SHEET = (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1">'
             '<v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>').encode()
HUGE_STRINGS = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="4000000000" '
                'uniqueCount="4000000000"><si><t>NIT</t></si></sst>').encode()


def parts_of(body: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(body)) as source:
        return {entry.filename: source.read(entry) for entry in source.infolist()}


def package(parts: list[tuple[str, bytes]] | dict[str, bytes]) -> bytes:
    """A zip of `parts` in that order (a list may repeat a name)."""
    out = io.BytesIO()
    items = parts.items() if isinstance(parts, dict) else parts
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name": wanted
        for name, data in items:
            archive.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def second_sheet_differing_in_case(body: bytes) -> bytes:
    """(a) `xl/worksheets/Sheet1.xml` beside `xl/worksheets/sheet1.xml`, holding a cell at XFD1048576."""
    return package([*parts_of(body).items(), ("xl/worksheets/Sheet1.xml", FAR_SHEET)])


def shared_strings_differing_in_case(body: bytes) -> bytes:
    """(b) `xl/SharedStrings.xml` declaring four billion strings instead of `xl/sharedStrings.xml`."""
    parts = {name: data for name, data in parts_of(body).items() if name != "xl/sharedStrings.xml"}
    return package({**parts, "xl/SharedStrings.xml": HUGE_STRINGS})


def shared_strings_beside(body: bytes) -> bytes:
    """(b) the same table beside the real one."""
    return package([*parts_of(body).items(), ("xl/SharedStrings.xml", HUGE_STRINGS)])


def workbook_moved_by_package_relationships(body: bytes) -> bytes:
    """(c) `_rels/.rels` points at `y/workbook.xml`, whose sheet holds the far cell; `xl/` stays honest."""
    parts = parts_of(body)
    relationships = re.sub(rb'Target="/?xl/workbook.xml"', b'Target="y/workbook.xml"', parts["_rels/.rels"])
    assert relationships != parts["_rels/.rels"]
    return package({**parts, "_rels/.rels": relationships, "y/workbook.xml": parts["xl/workbook.xml"],
                    "y/_rels/workbook.xml.rels": parts["xl/_rels/workbook.xml.rels"],
                    "y/worksheets/sheet1.xml": FAR_SHEET})


ATTACKS = {
    "second Sheet1.xml differing in case": second_sheet_differing_in_case,
    "SharedStrings.xml with uniqueCount 4000000000": shared_strings_differing_in_case,
    "_rels/.rels moving the workbook to y/": workbook_moved_by_package_relationships,
}
