"""Issuing a PDF: a fresh verification code (100 random bits), the spec drawn with it, the SHA-256 of the bytes
kept in a registry (so a receiver can check a code or a file) and a file name with no personal data."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from chalicelib.pdf.ports import IssuedDocument
from chalicelib.pdf.render import Letterhead, Stamp, render
from chalicelib.pdf.spec import DocumentSpec

_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # Crockford-like: no 0/O, 1/I to misread from paper
CODE_LENGTH = 20  # 20 × 5 bits = 100 random bits


@dataclass(frozen=True, slots=True)
class IssuedRecord:
    """What verification may tell a stranger, and the file's hash; never the holder's full name or document."""
    code: str
    kind: str
    title: str
    sha256: str
    issued_at: datetime
    holder_ref: str
    holder_initials: str  # "J. P."
    holder_document_tail: str  # "789"


class IssuedRegistry(Protocol):
    def record(self, issued: IssuedRecord) -> None: ...


def new_code() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(CODE_LENGTH))


def initials(name: str) -> str:
    return " ".join(f"{word[0].upper()}." for word in name.split() if word)


def file_name(kind: str, issued_at: datetime, code: str) -> str:
    return f"{kind}-{issued_at:%Y%m%d}-{code}.pdf"


class PdfIssuer:
    def __init__(self, letterhead: Letterhead, registry: IssuedRegistry, now: Callable[[], datetime]):
        self._letterhead = letterhead
        self._registry = registry
        self._now = now

    def issue(self, spec: DocumentSpec) -> IssuedDocument:
        code, issued_at = new_code(), self._now()
        data = render(spec, self._letterhead, Stamp(code, issued_at))
        digest = hashlib.sha256(data).hexdigest()
        self._registry.record(IssuedRecord(code, spec.kind, spec.title, digest, issued_at, spec.holder_ref,
                                           initials(spec.holder_name), spec.holder_document[-3:]))
        return IssuedDocument(code, file_name(spec.kind, issued_at, code), data, digest, issued_at)


class InMemoryIssuedRegistry:
    """The registry for service tests and for issuers whose documents need no verification yet."""

    def __init__(self) -> None:
        self.records: dict[str, IssuedRecord] = {}

    def record(self, issued: IssuedRecord) -> None:
        self.records[issued.code] = issued
