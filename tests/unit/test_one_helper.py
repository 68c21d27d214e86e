"""Issue 8, structure: one accent-folding helper and one clock, and nobody writes their own again."""

from __future__ import annotations

from pathlib import Path

import pytest

from chalicelib.common import text
from chalicelib.spreadsheets import cells

ROOT = Path(__file__).resolve().parents[2]
OWN_CODE = [p for folder in ("chalicelib", "devstack") for p in (ROOT / folder).rglob("*.py")] + [ROOT / "app.py"]


def test_folding_keeps_letters_and_digits_without_accents():
    assert text.strip_accents("Bogotá, D.C. — Ñuñoa") == "Bogota, D.C. — Nunoa"
    assert text.fold("Código Sucursal") == "codigosucursal"
    assert cells.fold is text.fold  # the ingestion modules keep importing it from cells


@pytest.mark.parametrize(("needle", "owner"), [
    ("unicodedata.combining", "chalicelib/common/text.py"),
    ("datetime.now(", "chalicelib/common/clock.py"),
])
def test_only_the_shared_helper_does_it(needle, owner):
    writers = sorted(str(p.relative_to(ROOT)) for p in OWN_CODE if needle in p.read_text("utf-8"))
    assert writers == [owner]
