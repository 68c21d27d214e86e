"""A PDF's body as a reader sees it: every page's text without the page decoration (letterhead, date, code, page
number), whitespace collapsed so a line wrapped in a narrow cell reads as one."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf

FIXTURES = Path(__file__).parent / "fixtures"


def body_text(data: bytes) -> str:
    pages = []
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        text = page.extract_text()
        pages.append(re.split(r"Página \d+\n", text, maxsplit=1)[1])
    return " ".join(" ".join(pages).split())


def fixture(name: str) -> str:
    return " ".join((FIXTURES / f"{name}.txt").read_text(encoding="utf-8").split())
