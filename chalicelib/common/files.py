"""A file answered by a route (CSV, XLSX…), and the port that publishes large ones behind an expiring link."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO, Protocol

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
