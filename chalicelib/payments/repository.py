"""Persistence of payments (PynamoDB): the only module that reads the payments and payment_lines tables.

Every read is a GetItem, BatchGetItem or a Query on one provider's keys; nothing scans.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from pynamodb.exceptions import DoesNotExist

from chalicelib.common.pagination import Page, query_page
from chalicelib.payments.models import Payment, PaymentLine, PaymentsByDate

_DAY_END = "#\uffff"  # after every payment number of a day in payment_date_key ("<fecha>#<número>")
# Lines per Query request of a detail file: a bounded page (~200 KB) whatever the emulator or the item size.
LINES_PAGE = 1000


def _date_condition(start: date, end: date):
    return PaymentsByDate.payment_date_key.between(start.isoformat(), end.isoformat() + _DAY_END)


class PaymentRepository:
    def __init__(self, lines_page: int = LINES_PAGE, totals_page: int | None = None):
        self._lines_page = lines_page
        self._totals_page = totals_page  # None: DynamoDB's 1 MB pages

    def payments_in_range(self, provider_id: str, start: date, end: date, *, limit: int,
                          cursor: str | None) -> Page[Payment]:
        """Newest first."""
        return query_page(Payment.by_date, "provider_id", provider_id, limit=limit, cursor=cursor,
                          newest_first=True, range_key_condition=_date_condition(start, end))

    def range_totals(self, provider_id: str, start: date, end: date) -> tuple[int, int]:
        """(payments, sum of valor_pagado) of the range: one Query projecting only the amount, read as raw
        items (no model per payment)."""
        connection = Payment._get_connection()
        count = total = 0
        start_key = None
        while True:
            page = connection.query(provider_id, _date_condition(start, end), attributes_to_get=["valor_pagado"],
                                    index_name=Payment.by_date.Meta.index_name, exclusive_start_key=start_key,
                                    limit=self._totals_page)
            items = page.get("Items", [])
            count += len(items)
            total += sum(int(item["valor_pagado"]["N"]) for item in items)
            start_key = page.get("LastEvaluatedKey")
            if not start_key:
                return count, total

    def get_payment(self, provider_id: str, number: str) -> Payment | None:
        try:
            return Payment.get(provider_id, number)
        except DoesNotExist:
            return None

    def get_payments(self, provider_id: str, numbers: set[str]) -> dict[str, Payment]:
        if not numbers:
            return {}
        return {p.payment_number: p for p in Payment.batch_get([(provider_id, n) for n in sorted(numbers)])}

    def lines_of_invoice(self, provider_id: str, invoice_key: str, *, limit: int,
                         cursor: str | None) -> Page[PaymentLine]:
        return query_page(PaymentLine.by_invoice, "invoice_pk", f"{provider_id}#{invoice_key}", limit=limit,
                          cursor=cursor, newest_first=True)

    def lines_of_payment(self, provider_id: str, number: str) -> Iterator[PaymentLine]:
        """Lazily, one page of lines at a time, in invoice order."""
        return iter(PaymentLine.query(f"{provider_id}#{number}", page_size=self._lines_page))
