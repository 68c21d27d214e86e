"""A cell of a provider's file written back in a result file (a rejected cartera row, the glosa response file):
typed again where its text reads cleanly — amounts as numbers, dates as dates — and as the provider wrote it
where it does not, so the provider sees the value that was refused."""

from __future__ import annotations

from datetime import date

from chalicelib.spreadsheets.cells import CellError, Kind, NegativeAmount, parse_date, parse_money

NUMBERS = frozenset({Kind.MONEY, Kind.INT})
MAX_DIGITS = 15  # the digits a spreadsheet number holds exactly; a longer one stays text


def typed_value(raw: str | None, kind: Kind) -> object:
    """None for an empty cell; an int for a readable amount (negative ones too: the row is refused for its
    sign, the cell still shows the number); a date for a readable date; otherwise the text."""
    if not raw:
        return None
    try:
        if kind in NUMBERS:
            return _signed_pesos(raw)
        if kind is Kind.DATE:
            return date.fromisoformat(parse_date(raw))
    except CellError:
        return raw
    return raw


def _signed_pesos(raw: str) -> int:
    try:
        return parse_money(raw, MAX_DIGITS)
    except NegativeAmount:
        return -parse_money(raw.replace("-", "", 1), MAX_DIGITS)
