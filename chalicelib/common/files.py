"""A file answered by a route (CSV, XLSX…), and the port that publishes large ones behind an expiring link."""

from __future__ import annotations

import re
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO, Protocol
from urllib.parse import quote

from pydantic import BaseModel

from chalicelib.common.text import strip_accents

_UNSAFE_MARKS = frozenset('"\\/:*?<>|;%')
# Control, format (bidirectional overrides that disguise an extension) and line/paragraph separators.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
_NOT_PLAIN = re.compile(r"[^A-Za-z0-9._() -]")
_MAX_NAME = 150
_FALLBACK_NAME = "archivo"


def download_name(filename: str) -> str:
    """The name a file is saved under: no path, quotes, separators or control characters, never hidden nor
    empty (a name may come from an uploaded file, so from anyone)."""
    name = "".join("_" if c in _UNSAFE_MARKS or unicodedata.category(c) in _UNSAFE_CATEGORIES else c
                   for c in unicodedata.normalize("NFC", filename))
    name = name.strip(" .")[-_MAX_NAME:].strip(" .")
    return name or _FALLBACK_NAME


def content_disposition(filename: str) -> str:
    """`attachment` with the name twice (RFC 6266): an ASCII `filename` for old clients, accents folded and
    anything else replaced, and the exact name as UTF-8 in `filename*` (RFC 5987)."""
    name = download_name(filename)
    plain = _NOT_PLAIN.sub("_", strip_accents(name)).strip(" .") or _FALLBACK_NAME
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"


# A Lambda proxy response carries at most 6 MB, and a text body travels JSON-escaped inside it (CRLF and
# non-ASCII letters grow): files up to 4 MB are answered inline, larger ones through an expiring link.
INLINE_LIMIT_BYTES = 4_000_000


@dataclass(frozen=True, slots=True)
class FileDownload:
    filename: str
    content_type: str
    body: bytes
    records: int

    @property
    def records_read(self) -> int:
        return self.records


class Downloads(Protocol):
    expires_seconds: int

    def publish(self, key: str, file: BinaryIO, filename: str, content_type: str) -> str:
        """Store the file (read from its current position) and answer an expiring download link."""
        ...

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class DownloadLink(BaseModel):
    """A file too large for an API response: an expiring link to the same file."""

    nombre_archivo: str
    url: str
    expira_en_segundos: int
    registros: int

    @property
    def records_read(self) -> int:
        return self.registros


def deliver(write: Callable[[BinaryIO], int], filename: str, content_type: str, *, downloads: Downloads,
            key: Callable[[], str], inline_limit: int = INLINE_LIMIT_BYTES) -> FileDownload | DownloadLink:
    """The file inline when it fits an API response, else stored under key() and answered as an expiring link.

    `write(out)` writes the file and returns its records; it goes to a temporary file that spills to disk past
    the inline limit, so memory stays bounded whatever the file's size."""
    with tempfile.SpooledTemporaryFile(max_size=inline_limit) as out:
        records = write(out)
        size = out.tell()
        out.seek(0)
        if size <= inline_limit:
            return FileDownload(filename, content_type, out.read(), records)
        url = downloads.publish(key(), out, filename, content_type)
    return DownloadLink(nombre_archivo=filename, url=url, expira_en_segundos=downloads.expires_seconds,
                        registros=records)
