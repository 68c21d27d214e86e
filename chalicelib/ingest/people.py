"""Columns and row rules the affiliates' extracts share: a person's document, a DIVIPOLA place, a celular.

A person column pair (tipo + número) is checked with common/identifiers (person types only, the number in its
canonical form) and names the row's person by `identity_key`, as every affiliate table does."""

from __future__ import annotations

from chalicelib.common import clock, geo
from chalicelib.common.identifiers import (
    PERSON_DOCUMENT_TYPES,
    DocumentType,
    InvalidDocument,
    identity_key,
    normalize_document_number,
)
from chalicelib.ingest.schema import Column, Kind, RowRule, TypedRow

YES_NO = {"S": "Sí", "N": "No"}


def person_columns(prefix: str = "", label: str = "", required: bool = True) -> tuple[Column, Column]:
    """"Tipo documento<label>" and "Número documento<label>" into `<prefix>doc_type`, `<prefix>doc_number`."""
    return (Column(f"Tipo documento{label}", f"{prefix}doc_type", Kind.DOC_TYPE, required=required,
                   description="CC, TI, RC, CE, PA, PE, PT, CD o SC"),
            Column(f"Número documento{label}", f"{prefix}doc_number", required=required, max_length=20))


def person_rule(prefix: str = "", label: str = "", identity_field: str = "identity") -> RowRule:
    """The document is a person's and its number valid for its type; stored canonical, with its identity."""
    type_field, number_field = f"{prefix}doc_type", f"{prefix}doc_number"

    def rule(row: TypedRow) -> list[str]:
        doc_type = DocumentType(row[type_field])
        if doc_type not in PERSON_DOCUMENT_TYPES:
            return [f'Columna "Tipo documento{label}": el NIT no es un documento de persona']
        try:
            row[number_field] = normalize_document_number(doc_type, row[number_field])
        except InvalidDocument as exc:
            return [f'Columna "Número documento{label}": {exc}']
        row[identity_field] = identity_key(doc_type, row[number_field])
        return []

    return rule


def place_rule(departamento_field: str, ciudad_field: str, departamento_label: str, ciudad_label: str) -> RowRule:
    """A departamento and a municipio of it (DIVIPOLA code or name), stored with their official names; a
    municipio needs its departamento."""

    def rule(row: TypedRow) -> list[str]:
        departamento_text, ciudad_text = row[departamento_field], row[ciudad_field]
        if not departamento_text:
            return [f'"{ciudad_label}" requiere "{departamento_label}"'] if ciudad_text else []
        departamento = geo.find_departamento(departamento_text)
        if departamento is None:
            return [f'Columna "{departamento_label}": "{departamento_text}" no es un departamento de Colombia']
        row[departamento_field] = departamento.name
        if ciudad_text:
            municipio = geo.find_municipio(departamento.code, ciudad_text)
            if municipio is None:
                return [f'Columna "{ciudad_label}": "{ciudad_text}" no es un municipio de {departamento.name}']
            row[ciudad_field] = municipio.name
        return []

    return rule


def celular_rule(field: str, label: str) -> RowRule:
    def rule(row: TypedRow) -> list[str]:
        value = row[field]
        if value and not (len(value) == 10 and value.startswith("3")):
            return [f'Columna "{label}": el celular debe tener 10 dígitos y empezar por 3']
        return []

    return rule


def upper_rule(*fields: str) -> RowRule:
    """Codes the EPS writes in capitals (ACTIVO, VIGENTE…) compared as such whatever the file's case."""

    def rule(row: TypedRow) -> list[str]:
        for name in fields:
            if row[name]:
                row[name] = row[name].upper()
        return []

    return rule


def not_after_today_rule(field: str, label: str) -> RowRule:
    def rule(row: TypedRow) -> list[str]:
        if row[field] and row[field] > clock.now().date().isoformat():
            return [f'Columna "{label}": la fecha es posterior a hoy']
        return []

    return rule


def dates_in_order_rule(first: str, last: str, first_label: str, last_label: str) -> RowRule:
    def rule(row: TypedRow) -> list[str]:
        if row[first] and row[last] and row[last] < row[first]:
            return [f'"{last_label}" es anterior a "{first_label}"']
        return []

    return rule
