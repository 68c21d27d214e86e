"""Text cells written for spreadsheet programs (CSV/XLSX) that open them."""

from __future__ import annotations

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """Keep spreadsheet programs from running a text cell as a formula (OWASP "CSV injection")."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value
