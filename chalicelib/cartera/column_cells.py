"""The cells of a cartera file parsed a column at a time: the common forms checked and converted with C-level
calls over the whole column (no Python step per cell), the rest left to the schema's parser.

A column's values come back in row order; a cell this module does not take — empty where the column is required,
or in any form but the plain one (1.234.567, 0001, a text date, an over-long value) — comes back as SLOW, and its
row is parsed by `EntitySchema.parse_row`, which gives the same value, or the reasons the row is refused. So a
value taken here is always the one the schema's parser would give.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import repeat

from chalicelib.ingest.schema import Column
from chalicelib.spreadsheets.cells import CellError, Kind, parse_date

SLOW = object()  # a cell the schema's parser reads


def column_values(column: Column, texts: Sequence[str]) -> list:
    """The typed values of one column's cells (already stripped), SLOW where the schema must parse the row."""
    plain = _PLAIN[column.kind]
    limit = column.max_length
    if "" not in texts and plain.every(texts, limit):
        return plain.convert(texts)
    return [(plain.convert((text,))[0] if plain.every((text,), limit) else SLOW) if text else
            (SLOW if column.required else column.default) for text in texts]


class _Plain:
    """every(texts, limit): each cell (none empty) is in the kind's plain form; convert(texts): their values."""

    def __init__(self, every: Callable[[Sequence[str], int | None], bool], convert: Callable[[Sequence[str]], list]):
        self.every, self.convert = every, convert


def _within(texts: Sequence[str], limit: int | None) -> bool:
    return limit is None or max(map(len, texts), default=0) <= limit


def _digits(texts: Sequence[str], limit: int | None) -> bool:
    return all(map(str.isdigit, texts)) and all(map(str.isascii, texts)) and _within(texts, limit)


def _code(texts: Sequence[str], limit: int | None) -> bool:
    return all(map(str.isalnum, texts)) and all(map(str.isascii, texts)) and _within(texts, limit)


def _without_zeros(texts: Sequence[str]) -> list[str]:
    """sufijo_key of each: 0001 → 1, 000 → 0."""
    values = list(map(str.lstrip, texts, repeat("0")))
    return [value or "0" for value in values] if "" in values else values


def _dates(texts: Sequence[str], _limit: int | None) -> bool:
    try:
        all(map(parse_date, texts))  # cached: a file repeats a few hundred dates
    except CellError:
        return False
    return True


_PLAIN = {
    Kind.TEXT: _Plain(_within, list),
    Kind.CODE: _Plain(_code, lambda texts: list(map(str.upper, texts))),
    Kind.CONSECUTIVE: _Plain(_digits, _without_zeros),
    Kind.MONEY: _Plain(_digits, lambda texts: list(map(int, texts))),
    Kind.INT: _Plain(_digits, lambda texts: list(map(int, texts))),
    Kind.DATE: _Plain(_dates, lambda texts: list(map(parse_date, texts))),
}
