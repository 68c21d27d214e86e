"""Parsers of one raw cell (a string from a CSV or XLSX file) into a typed value.

Each parser returns the value or raises CellError with the Spanish reason, without the column
name: the schema adds it ("Columna "X": <reason>").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from functools import lru_cache

from chalicelib.common.identifiers import DocumentType, InvalidDocument, parse_nit, sufijo_key
from chalicelib.common.text import fold  # noqa: F401  (the ingestion modules import it from here)


class Kind(StrEnum):
    """What a column holds: picks its cell parser (ingestion schemas) and how a result file types it again."""

    TEXT = "text"
    CODE = "code"  # letters and digits, upper-cased (prefijos)
    DIGITS = "digits"  # a number kept as text, as written (codes whose leading zeros matter)
    CONSECUTIVE = "consecutive"  # a number kept as text, compared without leading zeros (sufijos)
    BRANCH = "branch"  # a sucursal code; all-digit codes padded to 3 digits
    INT = "int"
    MONEY = "money"  # whole pesos
    DATE = "date"  # ISO YYYY-MM-DD
    TIME = "time"  # HH:MM:SS
    NIT = "nit"  # written with check digit, stored without it
    ENUM = "enum"
    DOC_TYPE = "doc_type"
    EMAIL = "email"


class CellError(ValueError):
    pass


def parse_text(raw: str, max_length: int | None) -> str:
    if max_length is not None and len(raw) > max_length:
        raise CellError(f"supera la longitud máxima de {max_length} caracteres")
    return raw


def parse_code(raw: str, max_length: int | None) -> str:
    if not raw.isascii() or not raw.isalnum():
        raise CellError("solo letras y números")
    return parse_text(raw.upper(), max_length)


def parse_digits(raw: str, max_length: int | None) -> str:
    if not raw.isascii() or not raw.isdigit():
        raise CellError("debe contener solo números")
    if max_length is not None and len(raw) > max_length:
        raise CellError(f"supera la longitud máxima de {max_length} dígitos")
    return raw


BRANCH_CODE_WIDTH = 3


def parse_branch_code(raw: str, max_length: int | None) -> str:
    """A sucursal code; all-digit codes are padded to BRANCH_CODE_WIDTH (1, 01 and 001 are sucursal 001),
    because a spreadsheet that stored the code as a number dropped its leading zeros."""
    code = parse_code(raw, max_length)
    return code.zfill(BRANCH_CODE_WIDTH) if code.isdigit() else code


def parse_consecutive(raw: str, max_length: int | None) -> str:
    """An invoice consecutive (sufijo): a number kept as text, without leading zeros (0001 and 1 are the same
    invoice), whether the file kept the zeros or a spreadsheet dropped them."""
    return sufijo_key(parse_digits(raw, max_length))


class NegativeAmount(CellError):
    """A readable amount with a minus sign: refused with its own message, not as an unreadable number."""

    def __init__(self) -> None:
        super().__init__("no puede ser negativo")


def parse_int(raw: str, max_digits: int | None) -> int:
    if not raw.isascii() or not raw.isdigit():
        if raw[:1] == "-" and raw[1:].isascii() and raw[1:].isdigit():
            raise NegativeAmount
        raise CellError("debe ser un número entero")
    if max_digits is not None and len(raw.lstrip("0")) > max_digits:
        raise CellError(f"supera el máximo de {max_digits} dígitos")
    return int(raw)


_THOUSANDS_DOT = re.compile(r"^[0-9]{1,3}(?:\.[0-9]{3})+$")
_THOUSANDS_COMMA = re.compile(r"^[0-9]{1,3}(?:,[0-9]{3})+$")
_DECIMALS = re.compile(r"^(?P<int>[0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]{1,3}(?:,[0-9]{3})+)[.,](?P<dec>[0-9]{1,2})$")


def parse_money(raw: str, max_digits: int | None) -> int:
    """Whole pesos. Accepts 1234567, 1.234.567, 1,234,567 and zero decimals (1234567,00); a "$" is ignored."""
    if raw.isdigit() and raw.isascii():  # the common case, without the regular expressions
        return parse_int(raw, max_digits)
    text = raw.replace("$", "").replace(" ", "")
    if text[:1] == "-" and len(text) > 1:
        _unsigned_money(text[1:], max_digits)  # an unreadable amount says so first
        raise NegativeAmount
    return _unsigned_money(text, max_digits)


def _unsigned_money(text: str, max_digits: int | None) -> int:
    if _THOUSANDS_DOT.match(text) or _THOUSANDS_COMMA.match(text):
        text = text.replace(".", "").replace(",", "")
    else:
        decimals = _DECIMALS.match(text)
        if decimals:
            if int(decimals["dec"]) != 0:
                raise CellError("debe ser un valor en pesos, sin centavos")
            text = decimals["int"].replace(".", "").replace(",", "")
    return parse_int(text, max_digits)


_ISO_DATE = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
_DMY_DATE = re.compile(r"^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})$")


@lru_cache(maxsize=8192)  # an extract repeats the same few hundred dates
def parse_date(raw: str) -> str:
    """ISO "YYYY-MM-DD" from AAAA-MM-DD or DD/MM/AAAA (Colombian order, never MM/DD)."""
    iso, dmy = _ISO_DATE.match(raw), _DMY_DATE.match(raw)
    try:
        if iso:
            value = date(int(iso[1]), int(iso[2]), int(iso[3]))
        elif dmy:
            value = date(int(dmy[3]), int(dmy[2]), int(dmy[1]))
        else:
            raise ValueError(raw)
    except ValueError:
        raise CellError("fecha inválida, use AAAA-MM-DD o DD/MM/AAAA") from None
    if not 1900 <= value.year <= 2100:
        raise CellError("fecha fuera de rango")
    return value.isoformat()


_TIME = re.compile(r"^([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?$")


def parse_time(raw: str) -> str:
    match = _TIME.match(raw)
    if not match or int(match[1]) > 23 or int(match[2]) > 59 or int(match[3] or 0) > 59:
        raise CellError("hora inválida, use HH:MM:SS")
    return f"{int(match[1]):02d}:{match[2]}:{match[3] or '00'}"


@lru_cache(maxsize=4096)  # one provider's NIT fills thousands of rows: check its digit once
def parse_nit_cell(raw: str) -> str:
    """The NIT base number (without check digit) from a NIT written with its check digit."""
    try:
        return parse_nit(raw).number
    except InvalidDocument as exc:
        if "verificación" in str(exc):
            raise CellError("el dígito de verificación no es válido") from None
        raise CellError("debe tener solo números e incluir el dígito de verificación") from None


def parse_choice(raw: str, choices: Mapping[str, str]) -> str:
    """The code of an enumerated value, given as its code or its label (case and accents ignored)."""
    return choice_parser(choices)(raw)


def choice_parser(choices: Mapping[str, str]):
    """parse_choice for one set of choices, its index of folded codes and labels built once."""
    index = {fold(text): code for code, label in choices.items() for text in (code, label)}
    allowed = ", ".join(choices)

    def parse(raw: str) -> str:
        code = index.get(fold(raw))
        if code is None:
            raise CellError(f"valor no permitido; use uno de: {allowed}")
        return code

    return parse


def parse_doc_type(raw: str) -> str:
    try:
        return DocumentType(raw.upper()).value
    except ValueError:
        raise CellError(f"tipo de documento no válido; use uno de: {', '.join(DocumentType)}") from None


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")


def parse_email(raw: str, max_length: int | None) -> str:
    if not _EMAIL.match(raw) or (max_length is not None and len(raw) > max_length):
        raise CellError("correo electrónico inválido")
    return raw.lower()
