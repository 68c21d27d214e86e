"""The one bounded reader of uploaded spreadsheets (CSV and XLSX) for every upload of the system.

    rows = read_rows(path, "facturas.xlsx", columns, SheetLimits(max_rows=50_000))

Every uploaded file is hostile until read here: an XLSX is checked as a zip and its XML parts are
scanned with bounds (declared dimension, every cell reference, shared-string counts, no DTDs)
before python-calamine materialises the sheet, so memory is bounded by the limits, not by the
file's claims. The library is given a package rebuilt from the scanned parts only, and parses it in a forked
child whose address space is capped (docs/security.md, "Uploaded spreadsheets"). Failures raise FileRejected
with a Spanish reason for the person who uploaded it.
"""

from chalicelib.spreadsheets.limits import FileRejected, SheetLimits
from chalicelib.spreadsheets.reader import Cells, Row, cell_text, header_map, read_cells, read_rows

__all__ = ["Cells", "FileRejected", "Row", "SheetLimits", "cell_text", "header_map", "read_cells", "read_rows"]
