"""LibreOffice headless, to check that produced files open in a real spreadsheet program.

Each conversion gets its own user profile: two soffice processes sharing one (pytest-xdist) fail."""

from __future__ import annotations

import csv
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed on this machine")


def convert(source: Path, to: str, *, infilter: str | None = None) -> Path:
    """`source` converted by LibreOffice into the same folder (e.g. to="xlsx" or to="csv:Text - txt - csv
    (StarCalc):59,34,76")."""
    profile = source.parent / f"lo-profile-{uuid.uuid4().hex}"
    command = [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", to,
               "--outdir", str(source.parent), str(source)]
    if infilter:
        command.insert(3, f"--infilter={infilter}")
    subprocess.run(command, check=True, timeout=180, capture_output=True)
    produced = source.with_suffix("." + to.split(":", 1)[0])
    assert produced.exists(), f"LibreOffice did not convert {source.name}"
    return produced


def first_sheet_as_rows(xlsx: bytes, folder: Path) -> list[list[str]]:
    """The first sheet of an XLSX as LibreOffice reads it, exported as UTF-8 CSV (";")."""
    source = folder / f"libro-{uuid.uuid4().hex}.xlsx"
    source.write_bytes(xlsx)
    produced = convert(source, 'csv:Text - txt - csv (StarCalc):59,34,76,1')
    return list(csv.reader(produced.read_text(encoding="utf-8").splitlines(), delimiter=";"))
