"""Which zip entries of an XLSX are its workbook, first sheet, shared strings and styles, resolved as the Open
Packaging Conventions do: part names compared without case, the workbook found through `_rels/.rels`, its
parts through the workbook's own relationships.

A package where that answer is not unique is refused: two entries whose names differ only in case, slashes or
"./" steps (or repeat exactly), or a relationship that leaves the package (an absolute URI, a path climbing
above the root). The entries named here are the only ones the guard scans and the only ones the reader hands to
the library, copied into a package of its own (chalicelib.spreadsheets.rebuilt), so no other byte of the file is
ever read.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Callable
from urllib.parse import unquote, urlsplit

from chalicelib.spreadsheets.limits import FileRejected

_AMBIGUOUS = ("El archivo .xlsx tiene partes internas repetidas o con nombres que solo difieren en mayúsculas o "
              "en la forma de escribir la ruta ({names}); no se procesa. Ábralo y guárdelo de nuevo con Excel")
_OUTSIDE = ("El archivo .xlsx tiene una relación interna que apunta fuera del libro ({target}); no se procesa. "
            "Ábralo y guárdelo de nuevo con Excel")


class Package:
    """The zip's entries by case-folded name; FileRejected when two entries share one."""

    def __init__(self, entries: list[zipfile.ZipInfo]):
        self._entries: dict[str, zipfile.ZipInfo] = {}
        for entry in entries:
            key = _key(entry.filename)
            if key in self._entries:
                names = f'"{self._entries[key].filename[:60]}" y "{entry.filename[:60]}"'
                raise FileRejected(_AMBIGUOUS.format(names=names))
            self._entries[key] = entry

    def entry(self, part: str) -> zipfile.ZipInfo | None:
        return self._entries.get(_key(part))

    def relationships_of(self, part: str, read: Callable[[zipfile.ZipInfo], list[dict[str, str]]]) -> list[
            tuple[str, str, str]]:
        """(Id, Type, resolved part name) of each internal relationship of `part` ("" for the package's own)."""
        folder, name = posixpath.split(part)
        entry = self.entry(posixpath.join(folder, "_rels", f"{name}.rels"))
        if entry is None:
            return []
        found = []
        for attributes in read(entry):
            target = attributes.get("Target", "")
            if attributes.get("TargetMode", "Internal") == "External":
                continue  # hyperlinks, linked files: never read by a reader, and not copied
            found.append((attributes.get("Id", ""), attributes.get("Type", ""), resolve(folder, target)))
        return found


def _key(name: str) -> str:
    """The name as zip libraries may take it: backslashes as slashes, "./" and a leading "/" dropped, any case."""
    return posixpath.normpath("/" + name.replace("\\", "/")).lstrip("/").casefold()


def resolve(folder: str, target: str) -> str:
    """The part name a relationship's Target designates from a part in `folder`; FileRejected outside the zip."""
    split = urlsplit(target)
    if split.scheme or split.netloc or "\\" in target or not split.path:
        raise FileRejected(_OUTSIDE.format(target=repr(target[:60])))
    path = unquote(split.path)
    joined = path if path.startswith("/") else posixpath.join("/", folder, path)
    if not _inside(joined):
        raise FileRejected(_OUTSIDE.format(target=repr(target[:60])))
    return posixpath.normpath(joined).lstrip("/")


def _inside(path: str) -> bool:
    depth = 0
    for step in path.split("/"):
        if step == "..":
            depth -= 1
            if depth < 0:
                return False
        elif step not in ("", "."):
            depth += 1
    return True
