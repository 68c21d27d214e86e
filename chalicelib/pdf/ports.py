"""Issuing a PDF: the issuer gives it a verification code, draws it, keeps its SHA-256 and answers the file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from chalicelib.pdf.spec import DocumentSpec


@dataclass(frozen=True, slots=True)
class IssuedDocument:
    code: str  # ≥ 80 random bits, printed with its QR
    file_name: str  # "<kind>-<AAAAMMDD>-<code>.pdf": no name nor document in it
    data: bytes
    sha256: str
    issued_at: datetime  # America/Bogota


class DocumentIssuer(Protocol):
    def issue(self, spec: DocumentSpec) -> IssuedDocument: ...
