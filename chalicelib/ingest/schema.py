"""Declarative schema of an ingestion entity: its columns, its key, and how a row becomes items.

A schema turns one raw row ({column name: string}) into a typed row ({field: value}) or a list of
Spanish reasons. Rules that need more than one row (duplicated keys, unknown providers, rows of one
record that disagree) live in chalicelib.ingest.validation; writing in chalicelib.ingest.service.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pynamodb.models import Model

from chalicelib.common.identifiers import DocumentType, identity_key
from chalicelib.ingest import cells

TypedRow = dict[str, Any]


class Kind(StrEnum):
    TEXT = "text"
    CODE = "code"  # letters and digits, upper-cased (prefijos)
    DIGITS = "digits"  # a number kept as text (consecutives, leading zeros matter)
    INT = "int"
    MONEY = "money"  # whole pesos
    DATE = "date"  # ISO YYYY-MM-DD
    TIME = "time"  # HH:MM:SS
    NIT = "nit"  # written with check digit, stored without it
    ENUM = "enum"
    DOC_TYPE = "doc_type"
    EMAIL = "email"


KIND_LABELS: dict[Kind, str] = {
    Kind.TEXT: "texto",
    Kind.CODE: "código (letras y números)",
    Kind.DIGITS: "número (como texto)",
    Kind.INT: "número entero",
    Kind.MONEY: "valor en pesos (entero)",
    Kind.DATE: "fecha AAAA-MM-DD o DD/MM/AAAA",
    Kind.TIME: "hora HH:MM:SS",
    Kind.NIT: "NIT con dígito de verificación",
    Kind.ENUM: "lista",
    Kind.DOC_TYPE: "tipo de documento",
    Kind.EMAIL: "correo electrónico",
}


@dataclass(frozen=True, slots=True)
class Column:
    name: str  # the header operators write (matched ignoring case, accents and spaces)
    field: str  # key in the typed row
    kind: Kind = Kind.TEXT
    required: bool = False
    max_length: int | None = None  # characters; digits for int and money
    choices: Mapping[str, str] | None = None  # enum: code -> Spanish label
    default: Any = None  # value of an empty optional cell
    aliases: tuple[str, ...] = ()
    description: str = ""

    def parse(self, raw: str) -> Any:
        """Typed value of a non-empty cell; raises cells.CellError."""
        match self.kind:
            case Kind.TEXT:
                return cells.parse_text(raw, self.max_length)
            case Kind.CODE:
                return cells.parse_code(raw, self.max_length)
            case Kind.DIGITS:
                return cells.parse_digits(raw, self.max_length)
            case Kind.INT:
                return cells.parse_int(raw, self.max_length)
            case Kind.MONEY:
                return cells.parse_money(raw, self.max_length)
            case Kind.DATE:
                return cells.parse_date(raw)
            case Kind.TIME:
                return cells.parse_time(raw)
            case Kind.NIT:
                return cells.parse_nit_cell(raw)
            case Kind.ENUM:
                return cells.parse_choice(raw, self.choices or {})
            case Kind.DOC_TYPE:
                return cells.parse_doc_type(raw)
            case Kind.EMAIL:
                return cells.parse_email(raw, self.max_length)
        raise AssertionError(self.kind)


@dataclass(frozen=True, slots=True)
class Consistency:
    """Rows sharing `by` describe one record and must agree on `fields` (e.g. a payment's header)."""

    by: tuple[str, ...]
    fields: tuple[str, ...]
    record_label: str  # Spanish, e.g. "el mismo pago"


RowRule = Callable[[TypedRow], list[str]]


@dataclass(frozen=True)
class EntitySchema:
    name: str  # entity name, also the S3 prefix ingest/<name>/
    title: str  # Spanish, for documentation
    description: str
    columns: tuple[Column, ...]
    key_fields: tuple[str, ...]  # idempotency key: unique inside a file, the item key in DynamoDB
    key_description: str  # how the key maps to DynamoDB items (documentation)
    row_to_items: Callable[[TypedRow], Iterable[Model]]
    models: tuple[type[Model], ...]
    load_order: int
    provider_field: str = "nit"  # the NIT column that names the provider (tenant) of the row
    check_provider: bool = True  # the provider must exist in the registry (False for the registry itself)
    row_rules: tuple[RowRule, ...] = ()
    consistency: Consistency | None = None
    # Rows sharing group_by are merged into one record (held in memory until the file ends).
    group_by: tuple[str, ...] | None = None
    merge_group: Callable[[list[TypedRow]], TypedRow] | None = None
    # Attributes kept from the stored item when a row overwrites it (values derived elsewhere).
    preserve_attributes: tuple[str, ...] = ()
    derive: Callable[[Iterable[TypedRow]], Any] | None = None
    _by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {c.field: c for c in self.columns})
        unknown = set(self.key_fields) - self._by_name.keys()
        assert not unknown, f"{self.name}: key fields {unknown} are not columns"

    def column(self, field_name: str) -> Column:
        return self._by_name[field_name]

    def parse_row(self, raw: Mapping[str, str]) -> tuple[TypedRow | None, list[str]]:
        """(typed row, []) or (None, reasons)."""
        typed: TypedRow = {}
        reasons: list[str] = []
        for column in self.columns:
            text = (raw.get(column.name) or "").strip()
            if not text:
                if column.required:
                    reasons.append(f'Campo obligatorio "{column.name}" vacío')
                typed[column.field] = column.default
                continue
            try:
                typed[column.field] = column.parse(text)
            except cells.CellError as exc:
                reasons.append(f'Columna "{column.name}": {exc}')
        if reasons:
            return None, reasons
        typed["provider_id"] = provider_id_of(typed[self.provider_field])
        for rule in self.row_rules:
            reasons.extend(rule(typed))
        return (None, reasons) if reasons else (typed, [])

    def key_of(self, row: TypedRow) -> tuple:
        return tuple(row[f] for f in self.key_fields)

    def describe_key(self, key: Sequence[Any]) -> str:
        return ", ".join(
            f"{self.column(f).name} {value if value not in (None, '') else '(vacío)'}"
            for f, value in zip(self.key_fields, key, strict=True)
        )

    def to_items(self, record: TypedRow) -> list[Model]:
        return list(self.row_to_items(record))


def provider_id_of(nit_number: str) -> str:
    return identity_key(DocumentType.NI, nit_number)
