"""A PDF's text compared with a hand-made fixture: words in order (line breaks are the layout's), table cells
written `a | b` in the fixture, the verification code as `{codigo}`."""

from __future__ import annotations

from pathlib import Path

from tests.pdf_reading import pdf_text

FIXTURES = Path(__file__).parent / "fixtures"


def words(text: str) -> list[str]:
    return text.replace(" | ", " ").split()


def expected(name: str, code: str) -> list[str]:
    header = (FIXTURES / "header.txt").read_text(encoding="utf-8")
    body = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    return words((header + body).replace("{codigo}", code))


def matches_fixture(data: bytes, name: str, code: str) -> bool:
    return words(pdf_text(data)) == expected(name, code)
