"""The payments repository on the embedded DynamoDB: range bounds, totals and lines across many pages."""

from __future__ import annotations

from datetime import date

import pytest

from chalicelib.payments import types
from chalicelib.payments.models import PaymentLine
from chalicelib.payments.repository import PaymentRepository
from tests.payments_data import OTHER, PROVIDER, line, payment


@pytest.fixture
def stored(aws):
    pays = [payment(f"{i}", f"2024-0{1 + i % 3}-{1 + i % 28:02d}", valor=1_000 + i) for i in range(40)]
    pays += [payment("1", "2024-01-15", provider_id=OTHER), payment("900", "2023-12-31"), payment("901", "2024-04-01")]
    for item in pays:
        item.save()
    with PaymentLine.batch_write() as batch:
        for i in range(25):
            batch.save(line(pays[0], "FE", str(i)))
    return [p for p in pays if p.provider_id == PROVIDER and "2024-01-01" <= p.fecha_pago <= "2024-03-31"]


def test_range_totals_add_every_page(stored):
    expected = (len(stored), sum(p.valor_pagado for p in stored))
    for page in (None, 3, 7):
        repository = PaymentRepository(totals_page=page)
        assert repository.range_totals(PROVIDER, date(2024, 1, 1), date(2024, 3, 31)) == expected


def test_range_pages_cover_both_bound_days_newest_first(stored):
    repository, seen, cursor = PaymentRepository(), [], None
    while True:
        page = repository.payments_in_range(PROVIDER, date(2024, 1, 1), date(2024, 3, 31), limit=6, cursor=cursor)
        seen += page.items
        if not (cursor := page.cursor):
            break
    assert sorted(p.payment_number for p in seen) == sorted(p.payment_number for p in stored)
    assert [p.payment_date_key for p in seen] == sorted((p.payment_date_key for p in seen), reverse=True)


def test_lines_of_a_payment_come_in_pages_in_invoice_order(stored):
    lines = list(PaymentRepository(lines_page=4).lines_of_payment(PROVIDER, "0"))
    assert [x.invoice_key for x in lines] == sorted(f"FE#{i}" for i in range(25))
    assert PaymentRepository().get_payment(OTHER, "0") is None
    assert set(PaymentRepository().get_payments(PROVIDER, {"0", "1", "nope"})) == {"0", "1"}
    assert isinstance(PaymentRepository().get_payment(PROVIDER, "0"), types.Payment)  # a plain value, not a record
