"""In-memory stand-ins of the payments repository and the download store (service unit tests, no AWS)."""

from __future__ import annotations

from chalicelib.common.pagination import Page
from chalicelib.payments.repository import as_line, as_payment
from chalicelib.payments.types import Payment, PaymentLine


def _page(items: list, limit: int, cursor: str | None) -> Page:
    start = int(cursor or 0)
    end = start + limit
    return Page(items=items[start:end], cursor=str(end) if end < len(items) else None)


class FakePaymentStore:
    def __init__(self, payments: list[Payment] = (), lines: list[PaymentLine] = ()):
        self.payments = [as_payment(p) for p in payments]  # as the repository hands them out
        self.lines = [as_line(x) for x in lines]
        self.totals_calls = 0

    def _in_range(self, provider_id, start, end):
        found = [p for p in self.payments
                 if p.provider_id == provider_id and start.isoformat() <= p.fecha_pago <= end.isoformat()]
        return sorted(found, key=lambda p: p.payment_date_key, reverse=True)

    def payments_in_range(self, provider_id, start, end, *, limit, cursor):
        return _page(self._in_range(provider_id, start, end), limit, cursor)

    def range_totals(self, provider_id, start, end):
        self.totals_calls += 1
        found = self._in_range(provider_id, start, end)
        return len(found), sum(p.valor_pagado for p in found)

    def get_payment(self, provider_id, number):
        return next((p for p in self.payments if (p.provider_id, p.payment_number) == (provider_id, number)), None)

    def get_payments(self, provider_id, numbers):
        return {p.payment_number: p for p in self.payments
                if p.provider_id == provider_id and p.payment_number in numbers}

    def lines_of_invoice(self, provider_id, invoice_key, *, limit, cursor):
        found = [x for x in self.lines if x.invoice_pk == f"{provider_id}#{invoice_key}"]
        return _page(sorted(found, key=lambda x: x.payment_number, reverse=True), limit, cursor)

    def lines_of_payment(self, provider_id, number):
        found = [x for x in self.lines if x.payment_pk == f"{provider_id}#{number}"]
        return iter(sorted(found, key=lambda x: x.invoice_key))


class FakeDownloads:
    expires_seconds = 900

    def __init__(self):
        self.files: dict[str, bytes] = {}

    def publish(self, key, file, filename, content_type):
        self.files[key] = file.read()
        return f"https://descargas.example/{key}"
