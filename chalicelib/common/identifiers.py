"""Colombian identification documents: the document types and the NIT check digit."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from stdnum.co import nit as stdnum_nit
from stdnum.exceptions import ValidationError


class DocumentType(StrEnum):
    CC = "CC"
    CE = "CE"
    TI = "TI"
    RC = "RC"
    PA = "PA"
    PE = "PE"
    PT = "PT"
    CD = "CD"
    SC = "SC"
    NI = "NI"


DOCUMENT_TYPE_NAMES: dict[DocumentType, str] = {
    DocumentType.CC: "CÉDULA DE CIUDADANÍA",
    DocumentType.CE: "CÉDULA DE EXTRANJERÍA",
    DocumentType.TI: "TARJETA DE IDENTIDAD",
    DocumentType.RC: "REGISTRO CIVIL",
    DocumentType.PA: "PASAPORTE",
    DocumentType.PE: "PERMISO ESPECIAL DE PERMANENCIA",
    DocumentType.PT: "PERMISO POR PROTECCIÓN TEMPORAL",
    DocumentType.CD: "CARNÉ DIPLOMÁTICO",
    DocumentType.SC: "SALVOCONDUCTO",
    DocumentType.NI: "NIT",
}

PERSON_DOCUMENT_TYPES = frozenset(t for t in DocumentType if t is not DocumentType.NI)

_NUMERIC_ONLY = {DocumentType.CC, DocumentType.TI, DocumentType.RC, DocumentType.NI}
_NUMBER_PATTERN = re.compile(r"^[0-9A-Za-z]{3,20}$")


class InvalidDocument(ValueError):
    """The document number is not valid for its type (message in Spanish)."""


@dataclass(frozen=True, slots=True)
class Nit:
    number: str  # base number, without check digit
    check_digit: str

    def __str__(self) -> str:
        return f"{self.number}-{self.check_digit}"


def parse_nit(raw: str) -> Nit:
    """Parse a NIT written with its check digit ("900123456-7", "900.123.456-7" or "9001234567")."""
    digits = re.sub(r"[\s.\-]", "", raw or "")
    if not (digits.isascii() and digits.isdigit()) or not 6 <= len(digits) <= 16:
        raise InvalidDocument("El NIT debe tener solo números e incluir el dígito de verificación")
    try:
        stdnum_nit.validate(digits)
    except ValidationError as exc:
        raise InvalidDocument("El dígito de verificación del NIT no es válido") from exc
    return Nit(number=digits[:-1], check_digit=digits[-1])


def nit_check_digit(base_number: str) -> str:
    return stdnum_nit.calc_check_digit(base_number)


def normalize_document_number(doc_type: DocumentType, raw: str) -> str:
    """Canonical number of a document: NIT without check digit; others upper-cased, no separators."""
    if doc_type is DocumentType.NI:
        return parse_nit(raw).number
    number = re.sub(r"[\s.\-]", "", raw or "").upper()
    if not _NUMBER_PATTERN.fullmatch(number):
        raise InvalidDocument("El número de documento debe tener entre 3 y 20 letras o números")
    if doc_type in _NUMERIC_ONLY and not number.isdigit():
        raise InvalidDocument("El número de documento debe contener solo números")
    return number


def identity_key(doc_type: DocumentType | str, number: str) -> str:
    """Stable key of a person or an organisation: "CC#12345678", "NI#900123456"."""
    return f"{DocumentType(doc_type).value}#{number}"


def sufijo_key(sufijo: str) -> str:
    """The one comparable form of an invoice consecutive (sufijo): without leading zeros, so 024728 and 24728
    are the same invoice whether a file kept the zeros, a spreadsheet dropped them or a user typed them."""
    return sufijo.lstrip("0") or "0"


def invoice_key(prefijo: str, sufijo: str) -> str:
    """Range key of an invoice inside its provider: "FE#12345", or "#12345" without prefijo. Every reader and
    writer builds it here, so the sufijo is always compared in its one form (`sufijo_key`)."""
    return f"{prefijo}#{sufijo_key(sufijo)}"
