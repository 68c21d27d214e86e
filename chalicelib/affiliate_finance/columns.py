"""Columns and row rules the financial extracts share: a period "AAAA-MM", an aportante that is a person or a NIT,
a CIE-10 diagnosis. Reasons are Spanish, one per problem, as ingestion's rejection report shows them."""

from __future__ import annotations

import re

from chalicelib.common.identifiers import DocumentType, InvalidDocument, identity_key, normalize_document_number
from chalicelib.ingest.schema import Column, Kind, RowRule, TypedRow

_PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_PERIOD_SLASH = re.compile(r"^(0?[1-9]|1[0-2])/(\d{4})$")
# CIE-10: a letter, two digits, and up to two more characters (the subcategory, "X" when there is none).
_CIE10 = re.compile(r"^[A-Z][0-9]{2}[0-9A-Z]{0,2}$")


def period_column(name: str, field: str) -> Column:
    return Column(name, field, required=True, max_length=7, description="AAAA-MM (también MM/AAAA)")


def period_rule(field: str, label: str) -> RowRule:
    def rule(row: TypedRow) -> list[str]:
        text = row[field].strip()
        if match := _PERIOD_SLASH.match(text):
            text = f"{match[2]}-{int(match[1]):02d}"
        if not _PERIOD.match(text) or not 1900 <= int(text[:4]) <= 2100:
            return [f'Columna "{label}": periodo inválido, use AAAA-MM']
        row[field] = text
        return []

    return rule


def party_columns(prefix: str, label: str) -> tuple[Column, Column]:
    """An aportante: a person's document or the employer's NIT (NI)."""
    return (Column(f"Tipo documento{label}", f"{prefix}doc_type", Kind.DOC_TYPE, required=True,
                   description="NI para un empleador; CC, CE, PA, PE, PT para un independiente"),
            Column(f"Número documento{label}", f"{prefix}doc_number", required=True, max_length=20))


def party_rule(prefix: str, label: str, identity_field: str) -> RowRule:
    def rule(row: TypedRow) -> list[str]:
        doc_type = DocumentType(row[f"{prefix}doc_type"])
        try:
            row[f"{prefix}doc_number"] = normalize_document_number(doc_type, row[f"{prefix}doc_number"])
        except (InvalidDocument, ValueError) as exc:
            return [f'Columna "Número documento{label}": {exc}']
        row[identity_field] = identity_key(doc_type, row[f"{prefix}doc_number"])
        return []

    return rule


def cie10_rule(field: str, label: str) -> RowRule:
    def rule(row: TypedRow) -> list[str]:
        code = row[field].replace(".", "").upper()
        if not _CIE10.match(code):
            return [f'Columna "{label}": "{row[field]}" no es un código CIE-10 (p. ej. J189 o N23X)']
        row[field] = code
        return []

    return rule


def not_more_than_rule(part: str, whole: str, part_label: str, whole_label: str) -> RowRule:
    def rule(row: TypedRow) -> list[str]:
        if row[part] is not None and row[whole] is not None and row[part] > row[whole]:
            return [f'"{part_label}" supera "{whole_label}"']
        return []

    return rule
