"""Support files sent by affiliates: what is accepted (PDF, JPG or PNG by their first bytes, whatever the name
says; at most 2 MB) and where they are kept (the data bucket, encrypted, under a key the server chooses)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from chalicelib.common.s3_downloads import presigned_download

MAX_SUPPORT_BYTES = 2 * 1024 * 1024
SUPPORTS_PREFIX = "afiliados/soportes/"  # no bucket notification listens here (only ingest/ and cargas/)
TOO_LARGE = "El archivo supera el tamaño máximo de 2 MB"
EMPTY = "El archivo está vacío"
NOT_ALLOWED = "El archivo debe ser PDF, JPG o PNG"


@dataclass(frozen=True, slots=True)
class FileKind:
    extension: str
    content_type: str
    magic: bytes


KINDS = (FileKind("pdf", "application/pdf", b"%PDF-"),
         FileKind("png", "image/png", b"\x89PNG\r\n\x1a\n"),
         FileKind("jpg", "image/jpeg", b"\xff\xd8\xff"))


def problem_with(data: bytes) -> str | None:
    """The Spanish reason a file is refused, or None when it may be kept."""
    if not data:
        return EMPTY
    if len(data) > MAX_SUPPORT_BYTES:
        return TOO_LARGE
    return None if kind_of(data) else NOT_ALLOWED


def kind_of(data: bytes) -> FileKind | None:
    return next((kind for kind in KINDS if data.startswith(kind.magic)), None)


class SupportFiles(Protocol):
    def put(self, key: str, data: bytes, content_type: str) -> None: ...

    def link(self, key: str, filename: str) -> str:
        """An expiring link for an operator to open the file."""
        ...


class S3SupportFiles:
    def __init__(self, s3_client, bucket: str, expires_seconds: int = 900):
        self._s3 = s3_client
        self._bucket = bucket
        self._expires = expires_seconds

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self._s3.put_object(Bucket=self._bucket, Key=SUPPORTS_PREFIX + key, Body=data, ContentType=content_type)

    def delete(self, key: str) -> None:
        """A file removed before its request was sent (Registrar mi Solicitud's "Eliminar Archivos")."""
        self._s3.delete_object(Bucket=self._bucket, Key=SUPPORTS_PREFIX + key)

    def link(self, key: str, filename: str) -> str:
        return presigned_download(self._s3, self._bucket, SUPPORTS_PREFIX + key, filename, self._expires)
