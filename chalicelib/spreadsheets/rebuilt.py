"""The package the library is given: only the parts the guard scanned, copied under canonical names, with a
workbook, relationships and content types written here.

python-calamine finds parts by case-insensitive name and follows the package's relationships, so handing it
the uploaded zip would let it read entries the guard never saw (a second `Sheet1.xml`, a workbook moved by
`_rels/.rels`). In this package there is nothing else to find. Entries are stored, not compressed: copying
costs one inflate of the sheet, which the library then does not repeat. The file lives in the temporary
directory, not in memory, while the sheet is read.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

from chalicelib.spreadsheets.xlsx_guard import PIECE, WorkbookShape

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.{}+xml"
# role → (canonical part, relationship type, content type)
_PARTS = {
    "sheet": ("xl/worksheets/sheet1.xml", "worksheet", _CONTENT_TYPE.format("worksheet")),
    "sharedStrings": ("xl/sharedStrings.xml", "sharedStrings", _CONTENT_TYPE.format("sharedStrings")),
    "styles": ("xl/styles.xml", "styles", _CONTENT_TYPE.format("styles")),
}


@contextmanager
def rebuilt_package(stream: BinaryIO, shape: WorkbookShape) -> Iterator[str]:
    """The path of a temporary XLSX holding the scanned parts of `stream` and nothing else."""
    roles = [role for role in _PARTS if role in shape.parts]
    with tempfile.NamedTemporaryFile(prefix="libro-", suffix=".xlsx") as out:
        try:
            with zipfile.ZipFile(stream) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as package:
                package.writestr("[Content_Types].xml", _content_types(roles))
                package.writestr("_rels/.rels", _relationships([(
                    "officeDocument", f"{_RELATIONSHIPS}/officeDocument", "xl/workbook.xml")], _PACKAGE_RELATIONSHIPS))
                package.writestr("xl/workbook.xml", _workbook(shape.date1904))
                package.writestr("xl/_rels/workbook.xml.rels", _relationships(
                    [(role, f"{_RELATIONSHIPS}/{_PARTS[role][1]}", _PARTS[role][0].removeprefix("xl/"))
                     for role in roles], _PACKAGE_RELATIONSHIPS))
                for role in roles:
                    with source.open(shape.parts[role]) as part, package.open(_PARTS[role][0], "w") as copy:
                        shutil.copyfileobj(part, copy, PIECE)
        finally:
            stream.seek(0)
        out.flush()
        yield out.name


def _content_types(roles: list[str]) -> str:
    overrides = "".join(f'<Override PartName="/{_PARTS[role][0]}" ContentType="{_PARTS[role][2]}"/>'
                        for role in roles)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CONTENT_TYPE.format("sheet.main")}"/>'
            f"{overrides}</Types>")


def _relationships(relations: list[tuple[str, str, str]], namespace: str) -> str:
    items = "".join(f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>' for rid, kind, target in relations)
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{namespace}">{items}' \
           "</Relationships>"


def _workbook(date1904: bool) -> str:
    properties = '<workbookPr date1904="1"/>' if date1904 else ""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{_MAIN}" '
            f'xmlns:r="{_RELATIONSHIPS}">{properties}<sheets><sheet name="Datos" sheetId="1" r:id="sheet"/>'
            "</sheets></workbook>")
