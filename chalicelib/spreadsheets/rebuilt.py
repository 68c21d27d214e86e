"""The package the library is given: only the parts the guard scanned, copied under canonical names, with a
workbook, relationships and content types written here.

python-calamine finds parts by case-insensitive name and follows the package's relationships, so handing it
the uploaded zip would let it read entries the guard never saw (a second `Sheet1.xml`, a workbook moved by
`_rels/.rels`). In this package there is nothing else to find. Entries are stored, not compressed, so the library
inflates nothing; a `PackageCopy` takes each part's bytes as the guard's quick scans inflate them, so the sheet is
inflated once in all (when a scan falls back to the exact one, the parts are copied again from the upload). The file
lives in the temporary directory, not in memory, while the sheet is read.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
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


class PackageCopy:
    """A package filled while the guard scans (inspect_xlsx's `copy_to`), in the temporary directory."""

    def __init__(self) -> None:
        self._file = tempfile.NamedTemporaryFile(prefix="libro-", suffix=".xlsx")  # noqa: SIM115 - closed in close()
        self._package = zipfile.ZipFile(self._file, "w", zipfile.ZIP_STORED)

    def __enter__(self) -> PackageCopy:
        return self

    def __exit__(self, *_exc) -> None:
        self._package.close()
        self._file.close()

    def part(self, role: str) -> AbstractContextManager[BinaryIO]:
        return self._package.open(_PARTS[role][0], "w")

    def finish(self, shape: WorkbookShape) -> str:
        """The path of the package, its workbook and relationships written (every scanned part copied whole)."""
        _write_workbook(self._package, shape)
        self._package.close()
        self._file.flush()
        return self._file.name


@contextmanager
def rebuilt_package(stream: BinaryIO, shape: WorkbookShape, copy: PackageCopy | None = None) -> Iterator[str]:
    """The path of a temporary XLSX holding the scanned parts of `stream` and nothing else: `copy` when the guard
    copied every one of them whole into it."""
    if copy is not None and shape.parts.keys() <= shape.copied:
        yield copy.finish(shape)
        return
    with tempfile.NamedTemporaryFile(prefix="libro-", suffix=".xlsx") as out:
        try:
            with zipfile.ZipFile(stream) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as package:
                _write_workbook(package, shape)
                for role in _roles(shape):
                    with source.open(shape.parts[role]) as part, package.open(_PARTS[role][0], "w") as copied:
                        shutil.copyfileobj(part, copied, PIECE)
        finally:
            stream.seek(0)
        out.flush()
        yield out.name


def _roles(shape: WorkbookShape) -> list[str]:
    return [role for role in _PARTS if role in shape.parts]


def _write_workbook(package: zipfile.ZipFile, shape: WorkbookShape) -> None:
    """Everything but the scanned parts: content types, relationships and a workbook naming one sheet."""
    roles = _roles(shape)
    package.writestr("[Content_Types].xml", _content_types(roles))
    package.writestr("_rels/.rels", _relationships([(
        "officeDocument", f"{_RELATIONSHIPS}/officeDocument", "xl/workbook.xml")], _PACKAGE_RELATIONSHIPS))
    package.writestr("xl/workbook.xml", _workbook(shape.date1904))
    package.writestr("xl/_rels/workbook.xml.rels", _relationships(
        [(role, f"{_RELATIONSHIPS}/{_PARTS[role][1]}", _PARTS[role][0].removeprefix("xl/")) for role in roles],
        _PACKAGE_RELATIONSHIPS))


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
