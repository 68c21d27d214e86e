"""Reading produced PDFs back the way a receiver would: their text (pypdf) and their QR codes and barcodes
(pages rasterised by pdfium, decoded by zxing-cpp)."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pypdf
import pypdfium2
import zxingcpp


@dataclass(frozen=True)
class Code:
    format: str  # "QRCode", "Code128"
    text: str  # a GS1 code as its readable element string: "(415)7709998000018(8020)…"
    gs1: bool


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def pdf_codes(data: bytes, scale: float = 4) -> list[Code]:
    document = pypdfium2.PdfDocument(data)
    try:
        found = []
        for page in document:
            for result in zxingcpp.read_barcodes(page.render(scale=scale).to_pil()):
                found.append(Code(result.format.name, result.text, result.symbology_identifier == "]C1"))
        return found
    finally:
        document.close()
