"""Declarative schema of an ingestion entity: its columns, its key, and how a row becomes items.

A schema turns one raw row ({column name: string}) into a typed row ({field: value}) or a list of
Spanish reasons. Rules that need more than one row (duplicated keys, unknown providers, rows of one
record that disagree) live in chalicelib.ingest.validation; writing in chalicelib.ingest.service.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import Any

from chalicelib.common.identifiers import DocumentType, identity_key
from chalicelib.spreadsheets import cells
from chalicelib.spreadsheets.cells import Kind

TypedRow = dict[str, Any]



KIND_LABELS: dict[Kind, str] = {
    Kind.TEXT: "texto",
    Kind.CODE: "código (letras y números)",
    Kind.DIGITS: "número (como texto)",
    Kind.CONSECUTIVE: "consecutivo (número, sin ceros a la izquierda)",
    Kind.BRANCH: "código de sucursal",
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
        return parser_of(self)(raw)


def parser_of(column: Column) -> Callable[[str], Any]:
    """The cell parser of a column, with its limits bound: resolved once per schema, not once per cell."""
    limit = column.max_length
    match column.kind:
        case Kind.TEXT:
            return partial(cells.parse_text, max_length=limit)
        case Kind.CODE:
            return partial(cells.parse_code, max_length=limit)
        case Kind.DIGITS:
            return partial(cells.parse_digits, max_length=limit)
        case Kind.CONSECUTIVE:
            return partial(cells.parse_consecutive, max_length=limit)
        case Kind.BRANCH:
            return partial(cells.parse_branch_code, max_length=limit)
        case Kind.INT:
            return partial(cells.parse_int, max_digits=limit)
        case Kind.MONEY:
            return partial(cells.parse_money, max_digits=limit)
        case Kind.DATE:
            return cells.parse_date
        case Kind.TIME:
            return cells.parse_time
        case Kind.NIT:
            return cells.parse_nit_cell
        case Kind.ENUM:
            return cells.choice_parser(column.choices or {})
        case Kind.DOC_TYPE:
            return cells.parse_doc_type
        case Kind.EMAIL:
            return partial(cells.parse_email, max_length=limit)
    raise AssertionError(column.kind)


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
    load_order: int
    # Stores a chunk of valid records through the owner repository of the entity's tables; returns items put.
    put_batch: Callable[[list[TypedRow]], int] | None = None
    provider_field: str | None = "nit"  # the NIT column that names the provider (tenant) of the row; None: the
    # file's provider is known from elsewhere (a provider's own upload)
    check_provider: bool = True  # the provider must exist in the registry (False for the registry itself)
    row_rules: tuple[RowRule, ...] = ()
    consistency: Consistency | None = None
    # Rows sharing group_by are merged into one record (held in memory until the file ends).
    group_by: tuple[str, ...] | None = None
    merge_group: Callable[[list[TypedRow]], TypedRow] | None = None
    derive: Callable[[Iterable[TypedRow]], Any] | None = None
    _by_name: dict[str, Column] = field(init=False, repr=False, compare=False)
    _parsers: tuple = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {c.field: c for c in self.columns})
        object.__setattr__(self, "_parsers", tuple(
            (c.name, c.field, c.required, c.default, parser_of(c)) for c in self.columns))
        unknown = set(self.key_fields) - self._by_name.keys()
        assert not unknown, f"{self.name}: key fields {unknown} are not columns"

    def column(self, field_name: str) -> Column:
        return self._by_name[field_name]

    def parse_row(self, raw: Mapping[str, str]) -> tuple[TypedRow | None, list[str]]:
        """(typed row, []) or (None, reasons)."""
        typed: TypedRow = {}
        reasons: list[str] = []
        for name, field_name, required, default, parse in self._parsers:
            text = raw.get(name)
            text = text.strip() if text else ""
            if not text:
                if required:
                    reasons.append(f'Campo obligatorio "{name}" vacío')
                typed[field_name] = default
                continue
            try:
                typed[field_name] = parse(text)
            except cells.CellError as exc:
                reasons.append(f'Columna "{name}": {exc}')
        if reasons:
            return None, reasons
        if self.provider_field:
            typed["provider_id"] = provider_id_of(typed[self.provider_field])
        for rule in self.row_rules:
            reasons.extend(rule(typed))
        return (None, reasons) if reasons else (typed, [])

    def key_of(self, row: TypedRow) -> tuple:
        return tuple(map(row.__getitem__, self.key_fields))

    def describe_key(self, key: Sequence[Any]) -> str:
        return ", ".join(
            f"{self.column(f).name} {value if value not in (None, '') else '(vacío)'}"
            for f, value in zip(self.key_fields, key, strict=True)
        )


@lru_cache(maxsize=4096)
def provider_id_of(nit_number: str) -> str:
    return identity_key(DocumentType.NI, nit_number)
