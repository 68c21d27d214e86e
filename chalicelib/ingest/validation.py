"""Validation of a whole file: row rules from the schema plus the rules that need several rows.

Rows stream through: valid records go to a sink in chunks as soon as their provider is confirmed
(one registry lookup per chunk of new provider ids), and rejected rows go to a rejection sink in line
order (the report file), so memory holds one chunk and the keys seen so far, never the rejections.
Grouped entities (providers) are the exception: their rows are held until the end of the file,
because a record is complete only then.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from chalicelib.ingest.schema import EntitySchema, TypedRow

ExistingProviders = Callable[[set[str]], set[str]]
Sink = Callable[[list[TypedRow]], None]


@dataclass(frozen=True, slots=True)
class RejectedRow:
    line: int
    values: dict[str, str]  # as read, by column name
    reasons: list[str]


RejectionSink = Callable[[RejectedRow], None]


@dataclass
class ValidationResult:
    entity: str
    total_rows: int = 0
    accepted_rows: int = 0
    rejected_rows: int = 0
    records: int = 0  # records sent to the sink (grouped entities: fewer than accepted rows)
    rejected: list[RejectedRow] = field(default_factory=list)  # only when no rejection sink was given
    valid: list[TypedRow] = field(default_factory=list)  # only when no sink was given


def unknown_provider_reason(provider_id: str) -> str:
    doc_type, number = provider_id.split("#", 1)
    return f"El prestador {doc_type} {number} no existe en el registro de prestadores"


class _Validator:
    def __init__(self, schema: EntitySchema, existing_providers: ExistingProviders, sink: Sink | None,
                 chunk_size: int, reject: RejectionSink | None) -> None:
        self.schema = schema
        self.existing_providers = existing_providers
        self.chunk_size = chunk_size
        self.result = ValidationResult(schema.name)
        self.sink = sink or self.result.valid.extend
        self.reject = reject or self.result.rejected.append
        self.seen_keys: dict[tuple, int] = {}
        self.record_values: dict[tuple, tuple[int, tuple]] = {}
        self.known: set[str] = set()
        self.unknown: set[str] = set()
        # Rows in file order until their providers are confirmed; rejected rows wait here too (typed None,
        # with their reasons), so the report comes out in line order without sorting.
        self.pending: list[tuple[int, dict[str, str], TypedRow | None, list[str]]] = []
        self.out: list[TypedRow] = []
        self.groups: dict[tuple, list[TypedRow]] = {}

    def run(self, rows: Iterable[tuple[int, dict[str, str]]]) -> ValidationResult:
        for line, raw in rows:
            self.result.total_rows += 1
            typed, reasons = self.schema.parse_row(raw)
            if typed is not None:
                reasons = self._cross_row(line, typed)
            self.pending.append((line, raw, None if reasons else typed, reasons))
            if len(self.pending) >= self.chunk_size:
                self._confirm_pending()
        self._confirm_pending()
        for rows_of_record in self.groups.values():
            self._emit(self.schema.merge_group(rows_of_record))
        self._flush()
        return self.result

    def _cross_row(self, line: int, row: TypedRow) -> list[str]:
        key = self.schema.key_of(row)
        first = self.seen_keys.setdefault(key, line)
        if first != line:
            described = self.schema.describe_key(key)
            return [f"Registro duplicado: la llave {described} ya aparece en la fila {first}"]
        rule = self.schema.consistency
        if rule is None:
            return []
        record = tuple(row[f] for f in rule.by)
        values = tuple(row[f] for f in rule.fields)
        first_line, first_values = self.record_values.setdefault(record, (line, values))
        differing = [
            self.schema.column(f).name
            for f, a, b in zip(rule.fields, values, first_values, strict=True)
            if a != b
        ]
        if differing:
            names = ", ".join(f'"{n}"' for n in differing)
            return [f"{names} no coincide con la fila {first_line} para {rule.record_label}"]
        return []

    def _confirm_pending(self) -> None:
        if self.schema.check_provider:
            new_ids = {row["provider_id"] for _, _, row, _ in self.pending if row} - self.known - self.unknown
            if new_ids:
                found = set(self.existing_providers(new_ids))
                self.known |= found
                self.unknown |= new_ids - found
        for line, raw, row, reasons in self.pending:
            if row is None:
                self._reject(line, raw, reasons)
                continue
            if self.unknown and row["provider_id"] in self.unknown:  # never filled without check_provider
                self._reject(line, raw, [unknown_provider_reason(row["provider_id"])])
                continue
            self.result.accepted_rows += 1
            if self.schema.group_by:
                self.groups.setdefault(tuple(row[f] for f in self.schema.group_by), []).append(row)
            else:
                self._emit(row)
        self.pending = []

    def _emit(self, record: TypedRow) -> None:
        self.out.append(record)
        self.result.records += 1
        if len(self.out) >= self.chunk_size:
            self._flush()

    def _flush(self) -> None:
        if self.out:
            self.sink(self.out)
            self.out = []

    def _reject(self, line: int, raw: dict[str, str], reasons: list[str]) -> None:
        self.result.rejected_rows += 1
        self.reject(RejectedRow(line, raw, reasons))


def validate_rows(
    schema: EntitySchema,
    rows: Iterable[tuple[int, dict[str, str]]],
    existing_providers: ExistingProviders,
    sink: Sink | None = None,
    chunk_size: int = 1000,
    reject: RejectionSink | None = None,
) -> ValidationResult:
    return _Validator(schema, existing_providers, sink, chunk_size, reject).run(rows)
