"""Issue 20 (Low): a download's name comes from an uploaded file's name (a glosa load's result is
"resultado-<the provider's file>.xlsx"), so from anyone. One builder writes every Content-Disposition —
answers of the API and presigned S3 links — and a name can only ever be a name."""

from __future__ import annotations

import re
import urllib.parse
from email.message import Message
from pathlib import Path

import boto3
import pytest

from chalicelib.common.files import content_disposition, download_name
from chalicelib.common.s3_downloads import presigned_download

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = [
    "a\"; filename*=UTF-8''evil.html",
    'resultado-a"; filename="x.html.xlsx',
    "x\r\nSet-Cookie: sesion=robada.xlsx",
    "../../etc/passwd",
    "..\\..\\boot.ini",
    ".oculto.xlsx",
    "",
    "   ",
    "año 2024 — glosas «mayo» 100%.xlsx",
    "\u202eslx.exe",  # right-to-left override
    "a" * 500 + ".xlsx",
]


def saved_name(header: str) -> str:
    """The RFC 5987 `filename*`, the name browsers prefer."""
    return urllib.parse.unquote(re.search(r"filename\*=UTF-8''(\S+)", header).group(1))


def fallback_name(header: str) -> str:
    message = Message()
    message["Content-Disposition"] = header
    return message.get_param("filename", header="content-disposition")


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_name_stays_one_name(name):
    header = content_disposition(name)
    assert header.isascii() and "\r" not in header and "\n" not in header
    # Exactly two parameters: nothing in the name can close the quotes or add a `filename*` of its own.
    assert re.fullmatch(r"""attachment; filename="[^"\\\x00-\x1f]+"; filename\*=UTF-8''[A-Za-z0-9%._~-]+""", header)
    saved = saved_name(header)
    assert saved == download_name(name)
    assert saved and not saved.startswith(".") and len(saved) <= 150
    assert not any(c in saved for c in '"/\\;\r\n\u202e')
    fallback = fallback_name(header)
    assert fallback and fallback.isascii() and '"' not in fallback


def test_the_name_a_person_chose_is_kept_where_it_is_safe():
    header = content_disposition("Cartera año 2024 (mayo).xlsx")
    assert saved_name(header) == "Cartera año 2024 (mayo).xlsx"
    assert 'filename="Cartera ano 2024 (mayo).xlsx"' in header
    assert download_name("a\"; filename*=UTF-8''evil.html") == "a__ filename_=UTF-8''evil.html"


def test_a_presigned_download_link_carries_the_same_header(aws):
    s3 = boto3.client("s3", region_name="us-east-1")
    name = "resultado-a\"; filename*=UTF-8''evil.html.xlsx"
    url = presigned_download(s3, "cualquiera", "descargas/x.xlsx", name, 60)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    assert query["response-content-disposition"] == [content_disposition(name)]


def test_every_content_disposition_comes_from_the_builder():
    own = [p for folder in ("chalicelib", "devstack") for p in (ROOT / folder).rglob("*.py")] + [ROOT / "app.py"]
    lines = [(str(p.relative_to(ROOT)), line.strip()) for p in own if p.name != "files.py"
             for line in p.read_text("utf-8").splitlines()
             if any(needle in line for needle in ("filename=\"", "filename*", "ContentDisposition",
                                                  "Content-Disposition"))]
    assert {path for path, _ in lines} == {"chalicelib/api/http.py", "chalicelib/common/s3_downloads.py"}
    assert all("content_disposition(" in line for _, line in lines), lines
