"""Checks an XLSX before anything materialises it: the zip, then a bounded streaming scan of the XML parts
python-calamine will read (workbook, relationships, shared strings, styles and the first sheet), found as the
Open Packaging Conventions find them (chalicelib.spreadsheets.package). WorkbookShape.parts names the entries
scanned: the reader hands the library those and nothing else (chalicelib.spreadsheets.rebuilt).

python-calamine allocates the used area of a sheet (last row × last column holding a value) and
pre-allocates the shared-string table from the count the file declares, so a 16 KB file with one value at
XFD1048576, or an `uniqueCount` of two billion, would ask for hundreds of GB. Every part is read in 1 MB pieces;
the scan stops at the first reference past the limits and never holds more than a few pieces of XML. The exact scan
parses with expat (refusing any DTD, hence entity expansion).

The large parts are first read by byte patterns, not parsed (expat's pass cost half the guard: 0.38 s of CPU for
a 50 MB sheet). In the sheet (`_quick_sheet_bounds`), when every cell is written as Excel, LibreOffice and the XLSX
libraries write it, the largest reference of any cell (holding a value or not) bounds the used area, one pattern
matched once per cell of each piece; when a channel's rows and columns alone keep the area within max_cells, a
search for a reference beyond them replaces it and the limits are the bounds. In shared strings and styles
(`_quick_counts`), the '<' bound the elements and the counts must be plain numbers. The library's parser refuses the
broken XML it would misread; what it reads differently from an XML parser (`_aligned_texts`), any other layout, or
a bound passed goes to the exact expat scan, which decides to refuse.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from typing import BinaryIO
from xml.parsers import expat

from chalicelib.spreadsheets.limits import FileRejected, SheetLimits
from chalicelib.spreadsheets.package import Package

PIECE = 1 << 20
_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
_MAX_EXCEL_ROWS, _MAX_EXCEL_COLUMNS = 1_048_576, 16_384
_COUNT_ATTRIBUTES = ("count", "uniqueCount")
_DAMAGED = "El archivo .xlsx está dañado o no es un libro de Excel"


@dataclass(slots=True)
class WorkbookShape:
    sheet_names: list[str] = field(default_factory=list)
    first_sheet_part: str = ""
    last_row: int = 0  # of the first sheet's used area (an upper bound of it when the quick scan gave it)
    last_column: int = 0
    date1904: bool = False
    # the entries scanned, by role ("sheet", "sharedStrings", "styles"): the only bytes the reader may hand on
    parts: dict[str, zipfile.ZipInfo] = field(default_factory=dict)
    copied: set[str] = field(default_factory=set)  # roles read whole by a quick scan (and so written to `copy_to`)


# Where a scan may write the bytes it inflates, by role: a context giving a writable (the rebuilt package's entry)
CopyTo = Callable[[str], AbstractContextManager[BinaryIO]]


def inspect_xlsx(stream: BinaryIO, limits: SheetLimits, copy_to: CopyTo | None = None) -> WorkbookShape:
    """The workbook's sheets and the first sheet's used area; FileRejected when any bound is passed. With `copy_to`,
    the quick scans write each part's bytes as they inflate them (WorkbookShape.copied: the parts written whole), so
    the package handed to the library needs no second inflate."""
    try:
        with zipfile.ZipFile(stream) as archive:
            package = _check_entries(archive.infolist(), limits)
            shape = WorkbookShape()
            budget = _Budget(limits.max_uncompressed_bytes)

            def relationships(entry: zipfile.ZipInfo) -> list[dict[str, str]]:
                return _relationships(archive, entry, budget)

            workbook_part = next((part for _, kind, part in package.relationships_of("", relationships)
                                  if _kind(kind) == "officeDocument"), "xl/workbook.xml")
            workbook = package.entry(workbook_part)
            if workbook is None:
                raise FileRejected("El archivo .xlsx no es un libro de Excel")
            related = package.relationships_of(workbook_part, relationships)
            handler = _WorkbookHandler(shape)
            _scan(archive, workbook, handler, budget, limits)
            folder = posixpath.dirname(workbook_part)
            for role in ("sharedStrings", "styles"):
                part = next((p for _, kind, p in related if _kind(kind) == role),
                            posixpath.join(folder, f"{role}.xml"))
                entry = package.entry(part)
                if entry is not None:
                    shape.parts[role] = entry
                    with _copying(copy_to, role) as out:
                        counted = _quick_counts(archive, entry, _ROOTS[role], budget, limits, out)
                    if counted:
                        shape.copied.add(role)
                    else:
                        _scan(archive, entry, _CountsHandler(limits), budget, limits)
            sheet = _first_sheet(package, handler, related, folder)
            shape.first_sheet_part = sheet.filename
            shape.parts["sheet"] = sheet
            with _copying(copy_to, "sheet") as out:
                bounds = _quick_sheet_bounds(archive, sheet, budget, limits, out)
            if bounds is None:
                _scan(archive, sheet, _SheetHandler(shape, limits), budget, limits)
            else:
                shape.last_row, shape.last_column = bounds
                shape.copied.add("sheet")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError):
        raise FileRejected(_DAMAGED) from None
    finally:
        stream.seek(0)
    return shape


def _copying(copy_to: CopyTo | None, role: str) -> AbstractContextManager[BinaryIO | None]:
    return nullcontext() if copy_to is None else copy_to(role)


def _kind(relationship_type: str) -> str:
    """The last step of a relationship type: the same in transitional and strict documents."""
    return relationship_type.rpartition("/")[2]


def _first_sheet(package: Package, workbook: _WorkbookHandler, related: list[tuple[str, str, str]],
                 folder: str) -> zipfile.ZipInfo:
    if not workbook.shape.sheet_names:
        raise FileRejected("El libro de Excel no tiene hojas con datos")
    if workbook.first_sheet_state in ("hidden", "veryHidden"):
        raise FileRejected(f'La primera hoja del libro, "{workbook.shape.sheet_names[0][:40]}", está oculta: '
                           "muéstrela o elimínela y deje los datos en la primera hoja")
    target = next(((kind, part) for rid, kind, part in related if rid == workbook.first_sheet_id), None)
    if target is None:
        target = ("worksheet", posixpath.join(folder, "worksheets/sheet1.xml"))
    entry = package.entry(target[1])
    if _kind(target[0]) != "worksheet" or entry is None:
        raise FileRejected("El libro de Excel no tiene hojas con datos")
    return entry


def _check_entries(entries: list[zipfile.ZipInfo], limits: SheetLimits) -> Package:
    if len(entries) > limits.max_zip_entries:
        raise FileRejected("El archivo .xlsx tiene demasiadas partes internas; no se procesa")
    if sum(e.file_size for e in entries) > limits.max_uncompressed_bytes:
        raise FileRejected("El archivo .xlsx es demasiado grande descomprimido; divídalo en varios archivos")
    if any(e.file_size > limits.max_compression_ratio * max(e.compress_size, 1) for e in entries):
        raise FileRejected("El archivo .xlsx tiene una compresión anómala; no se procesa")
    return Package(entries)


class _Budget:
    """Bytes actually inflated, whatever the zip directory declares."""

    def __init__(self, allowed: int):
        self.left = allowed

    def spend(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise FileRejected("El archivo .xlsx es demasiado grande descomprimido; divídalo en varios archivos")


def _scan(archive: zipfile.ZipFile, part: zipfile.ZipInfo, handler, budget: _Budget, limits: SheetLimits) -> None:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.StartElementHandler = handler.start
    try:
        with archive.open(part) as source:
            while piece := source.read(PIECE):
                budget.spend(len(piece))
                parser.Parse(piece, False)
            parser.Parse(b"", True)
        if hasattr(handler, "finish"):
            handler.finish()
    except expat.ExpatError:
        raise FileRejected(f"El archivo .xlsx tiene XML inválido en {part.filename[:60]}; guárdelo de nuevo con "
                           "Excel") from None


def _refuse_dtd(*_args) -> None:
    raise FileRejected("El archivo .xlsx declara entidades XML (DTD); no se procesa por seguridad")


_LOCAL_NAMES: dict[str, str] = {}


def _local(name: str) -> str:
    """The element's name without its namespace ("<uri> c" → "c"), remembered for the few names a part uses."""
    local = _LOCAL_NAMES.get(name)
    if local is None:
        local = name.rpartition(" ")[2]
        if len(_LOCAL_NAMES) < 256:  # a hostile part may invent names without end: remember only the first
            _LOCAL_NAMES[name] = local
    return local


def _relationships(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, budget: _Budget) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if _local(name) == "Relationship":
            if len(found) >= _MAX_RELATIONSHIPS:
                raise FileRejected("El archivo .xlsx tiene demasiadas partes internas; no se procesa")
            found.append(attrs)

    _scan(archive, entry, _Callback(start), budget, SheetLimits())
    return found


_MAX_RELATIONSHIPS = 10_000


@dataclass(slots=True)
class _Callback:
    start: Callable[[str, dict[str, str]], None]


class _WorkbookHandler:
    def __init__(self, shape: WorkbookShape):
        self.shape = shape
        self.first_sheet_id = ""
        self.first_sheet_state = ""

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "workbookPr":
            self.shape.date1904 = attrs.get("date1904", "").strip().lower() in ("1", "true")
        if local != "sheet":
            return
        self.shape.sheet_names.append(attrs.get("name", ""))
        if len(self.shape.sheet_names) == 1:
            self.first_sheet_id = next((value for key, value in attrs.items() if key.endswith(" id")), "")
            self.first_sheet_state = attrs.get("state", "")


class _CountsHandler:
    """Counts a part declares (shared strings, styles) are capacities the reader pre-allocates."""

    def __init__(self, limits: SheetLimits):
        self.limit = limits.max_cells
        self.elements = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.elements += 1
        if self.elements > self.limit:
            raise FileRejected("El archivo .xlsx tiene demasiados textos o estilos; no se procesa")
        for attribute in _COUNT_ATTRIBUTES:
            declared = attrs.get(attribute)
            if declared is not None and not (declared.isdigit() and int(declared) <= self.limit):
                raise FileRejected("El archivo .xlsx declara una cantidad de textos o estilos fuera de rango; "
                                   "guárdelo de nuevo con Excel")


class _SheetHandler:
    """Follows rows and cells (explicit `r` or implied by position) and bounds the area holding values.

    Only element starts are followed (no end handler: half the callbacks): a value belongs to the last cell
    started, which valid sheets guarantee and which, in an invalid one, only moves a value to a cell nearer
    the origin."""

    def __init__(self, shape: WorkbookShape, limits: SheetLimits):
        self.shape, self.limits = shape, limits
        self.row = 0
        self.column = 0
        self.cell: tuple[int, int] | None = None
        self.row_has_value = False
        self.rows_with_values = 0  # header included
        self.sheet_data = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "c":
            reference = attrs.get("r")
            if reference is None:
                self.column += 1
            else:
                row, self.column = _parse_reference(reference)
                if row != self.row:
                    raise FileRejected(f"La celda {reference} está fuera de su fila; guarde el archivo de nuevo")
            self.cell = (self.row, self.column)
        elif local in ("v", "is") and self.cell is not None:
            self._value_at(*self.cell)
        elif local == "row":
            self._end_row()
            declared = attrs.get("r")
            self.row = self.row + 1 if declared is None else _bounded_int(declared, _MAX_EXCEL_ROWS, "fila")
            self.column = 0
        elif local == "dimension":
            self._check_dimension(attrs.get("ref", ""))
        elif local == "sheetData":
            self.sheet_data += 1
            if self.sheet_data > 1:  # the library reads the first and ignores the rest
                raise FileRejected("La hoja tiene sus datos en dos bloques (sheetData); ábrala y guárdela de nuevo "
                                   "con Excel")

    def finish(self) -> None:
        self._end_row()

    def _end_row(self) -> None:
        if self.row_has_value:
            self.rows_with_values += 1
            if self.rows_with_values - 1 > self.limits.max_rows:
                raise FileRejected(self.limits.too_many_rows())
        self.row_has_value = False

    def _value_at(self, row: int, column: int) -> None:
        self.row_has_value = True
        shape, limits = self.shape, self.limits
        if column > shape.last_column:
            if column > limits.max_columns:
                raise FileRejected(f"La hoja tiene datos en la columna {column_name(column)}: "
                                   f"{limits.area()}. Borre las columnas sobrantes y guarde de nuevo")
            shape.last_column = column
        if row > shape.last_row:
            shape.last_row = row
        if shape.last_row * shape.last_column > limits.max_cells or shape.last_row > limits.max_rows + 1 + _BLANK_ROWS:
            raise FileRejected(f"La hoja tiene datos en la celda {column_name(column)}{row}, lejos del resto: "
                               f"{limits.area()}. Borre las filas y columnas sobrantes y guarde de nuevo")

    def _check_dimension(self, ref: str) -> None:
        last = ref.rpartition(":")[2]
        if not last:
            return
        row, column = _parse_reference(last)
        if not _area_within(row, column, self.limits, _BLANK_ROWS):
            raise FileRejected(f"La hoja declara un rango de celdas ({ref}) mayor que el permitido: "
                               f"{self.limits.area()}. Borre las filas y columnas sobrantes y guarde de nuevo")


_BLANK_ROWS = 10_000  # empty rows tolerated between or after the data (formatted, then cleared)


def _area_within(row: int, column: int, limits: SheetLimits, blank_rows: int) -> bool:
    return column <= limits.max_columns and row * column <= limits.max_cells and \
        row <= limits.max_rows + 1 + blank_rows


# The layout every spreadsheet program writes: <c r="B7" …>, the reference first, names without a prefix. One
# match per cell start ('<c' then a space, '/' or '>'), its reference captured when it is plain and empty otherwise.
_CELL = re.compile(rb'<c(?: r="([A-Z]{1,3}[1-9][0-9]{0,6})")?[\s/>]')
_LETTERS, _DIGITS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"0123456789"
_DIMENSION = re.compile(rb'<dimension ref="(?:[A-Z]{1,3}[0-9]{1,7}:)?([A-Z]{1,3})([0-9]{1,7})"')
# a cell or dimension with a prefix (a reader may take it by its local name): the pattern's search looks for its
# ':' first, three times faster than searching the literals ":c" and ":dimension" (their first bytes are common)
_PREFIXED = re.compile(rb":(?:c|dimension)[\s/>]")


def _cells_bounds(references: list[bytes]) -> tuple[int, int]:
    """(largest row, largest column) of plain references (b"B7"), with C-level calls over the list: the rows' digits
    (the largest of them zero-padded to seven bytes is the largest number: one conversion) and the few distinct
    column letters."""
    row = int(max(map(bytes.rjust, map(bytes.lstrip, references, repeat(_LETTERS)), repeat(7), repeat(b"0"))))
    return row, max(map(_column_number, map(bytes.decode, set(map(bytes.rstrip, references, repeat(_DIGITS))))))


class _NotQuick(Exception):
    """The part is not in the layout the quick scans read: the exact scan decides."""


def _aligned_texts(archive: zipfile.ZipFile, part: zipfile.ZipInfo, budget: _Budget, root: bytes,
                   out: BinaryIO | None = None) -> Iterator[bytes]:
    """The part's XML in pieces cut before a '<' (no tag is split between two), for byte patterns; not parsed.

    The library's own parser refuses what it would misread of a broken part (a part cut short, unclosed tags or
    references, unquoted attributes, bytes that are not UTF-8: the reader says the file is damaged), and reads
    whole the breaks it tolerates (a stray '<', a misnamed closing tag). What it reads differently from an XML
    parser goes to the exact scan (_NotQuick), which parses the part with expat: a DTD, comment or CDATA section
    (anything at '<!'), a reference to an entity other than XML's five, and anything after the `root` element's
    closing tag (the library stops reading there). The inflated bytes are spent from the budget once the whole
    part was read; with `out`, each piece is written there as it is inflated."""
    closing = b"</" + root + b">"
    inflated = 0
    carry = b""
    with archive.open(part) as source:
        while True:
            piece = source.read(PIECE)
            inflated += len(piece)
            if inflated > budget.left or not piece and not carry:
                raise _NotQuick
            if out is not None:
                out.write(piece)
            text = carry + piece
            cut = len(text) if not piece else text.rfind(b"<")
            if cut <= 0:
                if len(text) > 4 * PIECE:
                    raise _NotQuick
                carry = text
                continue
            aligned = text[:cut]
            if b"<!" in aligned or b"&" in aligned and _ODD_REFERENCE.search(aligned) is not None or \
                    not piece and not aligned.rstrip().endswith(closing):
                raise _NotQuick
            yield aligned
            carry = text[cut:]
            if not piece:
                break
    budget.spend(inflated)


# '&' not starting one of the five predefined references or a character reference
_ODD_REFERENCE = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6});)")


def _quick_sheet_bounds(archive: zipfile.ZipFile, part: zipfile.ZipInfo, budget: _Budget, limits: SheetLimits,
                        out: BinaryIO | None = None) -> tuple[int, int] | None:
    """(last row, last column) of every cell of the part, when each cell tag starts with a plain reference and
    the area is within the limits (empty trailing rows not tolerated here); None otherwise. When the limits' rows and
    columns alone keep the area within max_cells, the references are only searched for one beyond them (no object
    per cell) and the limits are the bounds."""
    beyond = _beyond_limits(limits.max_rows + 1, limits.max_columns) \
        if (limits.max_rows + 1) * limits.max_columns <= limits.max_cells else None
    last_row = last_column = sheet_data = 0
    try:
        for text in _aligned_texts(archive, part, budget, b"worksheet", out):
            sheet_data += text.count(b"<sheetData")
            if sheet_data > 1:
                return None  # the exact scan refuses it
            dimension = text.find(b"<dimension")
            if dimension >= 0:
                declared = _DIMENSION.match(text, dimension)
                if declared is None or not _area_within(int(declared[2]), _column_number(declared[1].decode()),
                                                        limits, 0) or text.find(b"<dimension", declared.end()) >= 0:
                    return None  # unreadable, too large, or a second dimension in the piece
                text = text[:dimension] + text[declared.end():]
            if _PREFIXED.search(text) is not None:
                return None
            if beyond is not None:
                if beyond.search(text) is not None:
                    return None
                continue
            references = _CELL.findall(text)  # the piece's one pass over its cells
            if b"" in references:  # a cell whose tag does not start with a plain reference
                return None
            if references:
                row, column = _cells_bounds(references)
                last_row, last_column = max(last_row, row), max(last_column, column)
                if not _area_within(last_row, last_column, limits, 0):
                    return None
    except _NotQuick:
        return None
    return (limits.max_rows + 1, limits.max_columns) if beyond is not None else (last_row, last_column)


@lru_cache(maxsize=16)
def _beyond_limits(rows: int, columns: int) -> re.Pattern[bytes]:
    """A cell start whose tag does not start with a plain reference (as _CELL), or whose reference is past row `rows`
    or column `columns`."""
    letters, digits = _LETTERS.decode(), _DIGITS.decode()
    wider = "|".join(filter(None, (f"[A-Z]{{{len(column_name(columns)) + 1},3}}" if columns < 26 ** 2 else "",
                                   _above(column_name(columns), letters))))
    deeper = "|".join(filter(None, (f"[1-9][0-9]{{{len(str(rows))},6}}" if rows < 10 ** 6 else "",
                                    _above(str(rows), digits))))
    far = "|".join(filter(None, (f"(?:{wider})[0-9]" if wider else "", f'[A-Z]{{1,3}}(?:{deeper})"' if deeper else "")))
    not_plain = '(?! r="[A-Z]{1,3}[1-9][0-9]{0,6}")[\\s/>]'
    return re.compile(f'<c(?:{not_plain}| r="(?:{far}))'.encode() if far else f"<c{not_plain}".encode())


def _above(bound: str, alphabet: str) -> str:
    """A regex alternation of the strings as long as `bound`, of `alphabet`'s characters (in its order), after it."""
    choices = []
    for at, char in enumerate(bound):
        higher = alphabet[alphabet.index(char) + 1:]
        if higher:
            rest = len(bound) - at - 1
            choices.append(f"{re.escape(bound[:at])}[{higher[0]}-{higher[-1]}]"
                           + (f"[{alphabet[0]}-{alphabet[-1]}]{{{rest}}}" if rest else ""))
    return "|".join(choices)


_ROOTS = {"sharedStrings": b"sst", "styles": b"styleSheet"}
_COUNT_NAMES = re.compile(rb"(?:count|uniqueCount)\s*=")
_COUNT_VALUES = re.compile(rb'\s(?:count|uniqueCount)="([0-9]{1,10})"')


def _quick_counts(archive: zipfile.ZipFile, part: zipfile.ZipInfo, root: bytes, budget: _Budget,
                  limits: SheetLimits, out: BinaryIO | None = None) -> bool:
    """True when the part (shared strings, styles) has at most max_cells elements (it has fewer than its '<') and
    every count it declares is written plainly and within max_cells; False: the exact scan decides."""
    elements = 0
    try:
        for text in _aligned_texts(archive, part, budget, root, out):
            elements += text.count(b"<")
            if b"ount" not in text and elements <= limits.max_cells:  # no count named (both names end so)
                continue
            declared = _COUNT_VALUES.findall(text)
            if elements > limits.max_cells or len(declared) != len(_COUNT_NAMES.findall(text)) or \
                    any(int(value) > limits.max_cells for value in declared):
                return False
    except _NotQuick:
        return False
    return True


_COLUMNS: dict[str, int] = {}  # "AB" → 28; at most 18,278 names of up to three letters


def _parse_reference(reference: str) -> tuple[int, int]:
    match = _REF.fullmatch(reference.upper().replace("$", ""))
    if match is None:
        raise FileRejected(f"Referencia de celda inválida en la hoja: {reference[:20]!r}")
    letters, digits = match.groups()
    column = _column_number(letters)
    row = int(digits)
    if not (1 <= row <= _MAX_EXCEL_ROWS and column <= _MAX_EXCEL_COLUMNS):
        raise FileRejected(f"Referencia de celda fuera de una hoja de Excel: {reference[:20]!r}")
    return row, column


def _column_number(letters: str) -> int:
    """"A" → 1, "AB" → 28 (at most three letters)."""
    column = _COLUMNS.get(letters)
    if column is None:
        column = 0
        for letter in letters:
            column = column * 26 + ord(letter) - 64
        _COLUMNS[letters] = column
    return column


def _bounded_int(text: str, maximum: int, what: str) -> int:
    if not (text.isdigit() and 1 <= int(text) <= maximum):
        raise FileRejected(f"Número de {what} inválido en la hoja: {text[:20]!r}")
    return int(text)


def column_name(column: int) -> str:
    name = ""
    while column:
        column, remainder = divmod(column - 1, 26)
        name = chr(65 + remainder) + name
    return name
