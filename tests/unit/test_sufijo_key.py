"""Invoice sufijos compare the same way on every surface: payments, cartera, glosas (queries and ingestion)."""

from __future__ import annotations

import pytest

from chalicelib.eps.states import invoice_key, sufijo_key
from chalicelib.spreadsheets.cells import parse_consecutive


@pytest.mark.parametrize("typed", ["24728", "024728", "0000024728"])
def test_one_key_whatever_the_leading_zeros(typed):
    assert sufijo_key(typed) == "24728"
    assert invoice_key("FE", typed) == "FE#24728"  # the key payments, cartera and glosas query by
    assert parse_consecutive(typed, 20) == "24728"  # what ingestion and the cartera file store and compare


def test_zero_stays_a_number():
    assert sufijo_key("000") == sufijo_key("0") == "0"
