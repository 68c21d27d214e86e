"""What a PDF says, as plain values: the builders of each document (certificates, OPS copies, invoices) produce
a `DocumentSpec`; only `render` knows the PDF library."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BarcodeKind = Literal["gs1-128", "code128", "qr"]


@dataclass(frozen=True, slots=True)
class Heading:
    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    small: bool = False


@dataclass(frozen=True, slots=True)
class Fields:
    """Label/value pairs ("Documento de identidad: CC 1032…"), two per line when they fit."""
    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    empty_text: str = "Sin registros"
    total: tuple[str, ...] | None = None  # a last, bold row


@dataclass(frozen=True, slots=True)
class Barcode:
    kind: BarcodeKind
    data: str  # for gs1-128, the element string with parentheses: "(415)7709998000018(8020)…"
    caption: str = ""


Block = Heading | Paragraph | Fields | Table | Barcode


@dataclass(frozen=True, slots=True)
class DocumentSpec:
    """`kind` names the document in file names and verification ("certificado-afiliacion"); `title` is printed;
    `holder_ref` is the opaque ref of the person the document is about (never printed by the renderer)."""
    kind: str
    title: str
    holder_ref: str
    holder_name: str  # stored masked for verification: initials only
    holder_document: str  # stored masked for verification: last 3 digits only
    generated_by: str  # "Usuario Generación": the portal user's document (or "Oficina Virtual")
    blocks: tuple[Block, ...] = field(default_factory=tuple)
