"""Limits every uploaded spreadsheet is held to, and the error that refuses a whole file."""

from __future__ import annotations

from dataclasses import dataclass


class FileRejected(ValueError):
    """The whole file cannot be read; the message is for the person who uploaded it (Spanish)."""


@dataclass(frozen=True, slots=True)
class SheetLimits:
    """What a file may hold. The XLSX bounds keep python-calamine's allocation (≈32 bytes per cell of the
    sheet's used area, plus the strings) under max_cells × 32 B: a far cell reference is refused, never
    materialised."""

    max_rows: int = 300_000  # data rows, header excluded
    max_columns: int = 64
    max_cells: int = 6_000_000  # used area of an XLSX sheet: last row × last column holding a value
    max_zip_entries: int = 1_000
    max_uncompressed_bytes: int = 200 * 1024 * 1024
    max_compression_ratio: int = 500  # per entry: sheet XML compresses ~10-50x; bombs ~1000x and more
    max_sheets: int | None = None  # an XLSX with more sheets is refused (None: any number, the first is read)
    ignored_sheets: tuple[str, ...] = ()  # not counted in max_sheets (a template's own instructions sheet)
    csv: bool = True  # False: the channel takes only .xlsx, and its messages advise only that
    columns_text: str = ""  # how messages name the channel's columns ("las 6 columnas de la plantilla")

    def describe(self) -> str:
        return thousands(self.max_rows)

    def describe_columns(self) -> str:
        return self.columns_text or f"{self.max_columns} columnas"

    def too_many_rows(self) -> str:
        return (f"El archivo tiene más de {self.describe()} filas de datos, el máximo de este cargue; divídalo en "
                "varios archivos")

    def area(self) -> str:
        """The bounds of a sheet, as the end of a sentence."""
        return f"se admiten como máximo {self.describe()} filas de datos y {self.describe_columns()}"

    def save_as(self) -> str:
        return "guárdelo como .xlsx (Libro de Excel) o como CSV UTF-8" if self.csv else \
            "guárdelo como .xlsx (Libro de Excel)"


def thousands(number: int) -> str:
    """1.000.000: the Colombian way of writing a count."""
    return f"{number:,}".replace(",", ".")
