"""Accent-insensitive comparison of Spanish text: the one place accents are folded."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def strip_accents(text: str) -> str:
    """"Bogotá" → "Bogota", "Ñ" → "N": compatibility decomposition without its combining marks."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower-case, accent-free, only letters and digits: how headers and enum values are compared."""
    return re.sub(r"[^a-z0-9]", "", strip_accents(text).lower())
