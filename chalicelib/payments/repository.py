"""Persistence of payments (PynamoDB): the only module that reads the payments and payment_lines tables.

Every read is a GetItem, BatchGetItem or a Query on one provider's keys; nothing scans.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any

from pynamodb.exceptions import DoesNotExist

from chalicelib.common.aws import client
from chalicelib.common.db import plain
from chalicelib.common.dynamo_items import RawPage, numbers, put_items, query_pages, strings
from chalicelib.common.pagination import Page, query_page
from chalicelib.eps.states import invoice_key
from chalicelib.payments import types
from chalicelib.payments.models import Payment, PaymentLine, PaymentsByDate

_DAY_END = "#\uffff"  # after every payment number of a day in payment_date_key ("<fecha>#<número>")
# Lines per Query request of a detail file: a bounded page (~200 KB) whatever the emulator or the item size.
LINES_PAGE = 1000
as_payment = plain(types.Payment)
as_line = plain(types.PaymentLine)


def _date_condition(start: date, end: date):
    return PaymentsByDate.payment_date_key.between(start.isoformat(), end.isoformat() + _DAY_END)


PAYMENT_TEXT = ("tipo_pago", "numero_cuenta_banco", "fecha_pago", "email_soporte", "fecha_soporte", "hora_soporte")
LINE_TEXT = ("prefijo", "sufijo", "sufijo_aplicado", "tipo_documento", "fecha_factura", "compania", "no_radicado")
LINE_NUMBERS = ("valor_factura", "valor_pagado_factura", "iva", "retefuente", "reteica", "reteiva", "otros")


class PaymentRepository:
    def __init__(self, lines_page: int = LINES_PAGE, totals_page: int | None = None, dynamodb=None):
        self._lines_page = lines_page
        self._totals_page = totals_page  # None: DynamoDB's 1 MB pages
        self._client = dynamodb

    def put_batch(self, rows: Iterable[Mapping[str, Any]]) -> int:
        """Payments and their lines from typed rows of the payments extract (one row per invoice paid, the payment's
        columns repeated): each payment once, each line by its key; returns the items put."""
        payments: dict[tuple[str, str], dict] = {}
        lines: dict[tuple[str, str], dict] = {}
        for row in rows:
            provider_id, number = row["provider_id"], row["numero_pago"]
            payments[provider_id, number] = _payment_item(row)
            line = _line_item(row)
            lines[line["payment_pk"]["S"], line["invoice_key"]["S"]] = line
        db = self._db()
        return (put_items(db, Payment.Meta.table_name, payments.values())
                + put_items(db, PaymentLine.Meta.table_name, lines.values()))

    def payments_in_range(self, provider_id: str, start: date, end: date, *, limit: int,
                          cursor: str | None) -> Page[types.Payment]:
        """Newest first."""
        return query_page(Payment.by_date, "provider_id", provider_id, limit=limit, cursor=cursor,
                          newest_first=True, range_key_condition=_date_condition(start, end), as_type=as_payment)

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

    # --- projected raw pages, one per request (cartera's reads count them) ---------------------------
    def payment_pages(self, provider_id: str, projection: Iterable[str]) -> Iterator[RawPage]:
        return query_pages(self._db(), Payment.Meta.table_name, ("provider_id", provider_id), projection)

    def invoice_line_pages(self, provider_id: str, invoice_key: str, projection: Iterable[str]) -> Iterator[RawPage]:
        return query_pages(self._db(), PaymentLine.Meta.table_name, ("invoice_pk", f"{provider_id}#{invoice_key}"),
                           projection, index=PaymentLine.by_invoice.Meta.index_name)

    def payment_line_pages(self, provider_id: str, number: str, projection: Iterable[str]) -> Iterator[RawPage]:
        return query_pages(self._db(), PaymentLine.Meta.table_name, ("payment_pk", f"{provider_id}#{number}"),
                           projection)

    def _db(self):
        return self._client or client("dynamodb")

    def get_payment(self, provider_id: str, number: str) -> types.Payment | None:
        try:
            return as_payment(Payment.get(provider_id, number))
        except DoesNotExist:
            return None

    def get_payments(self, provider_id: str, numbers: set[str]) -> dict[str, types.Payment]:
        if not numbers:
            return {}
        return {p.payment_number: as_payment(p) for p in Payment.batch_get([(provider_id, n) for n in sorted(numbers)])}

    def lines_of_invoice(self, provider_id: str, invoice_key: str, *, limit: int,
                         cursor: str | None) -> Page[types.PaymentLine]:
        return query_page(PaymentLine.by_invoice, "invoice_pk", f"{provider_id}#{invoice_key}", limit=limit,
                          cursor=cursor, newest_first=True, as_type=as_line)

    def lines_of_payment(self, provider_id: str, number: str) -> Iterator[types.PaymentLine]:
        """Lazily, one page of lines at a time, in invoice order."""
        return map(as_line, PaymentLine.query(f"{provider_id}#{number}", page_size=self._lines_page))


def _payment_item(row: Mapping[str, Any]) -> dict:
    number = row["numero_pago"]
    item = {"provider_id": {"S": row["provider_id"]}, "payment_number": {"S": number},
            "payment_date_key": {"S": f"{row['fecha_pago']}#{number}"}, "valor_pagado": {"N": str(row["valor_pagado"])}}
    return strings(item, row, PAYMENT_TEXT)


def _line_item(row: Mapping[str, Any]) -> dict:
    provider_id, number = row["provider_id"], row["numero_pago"]
    key = invoice_key(row["prefijo"], row["sufijo"])
    item = {"payment_pk": {"S": f"{provider_id}#{number}"}, "invoice_key": {"S": key},
            "invoice_pk": {"S": f"{provider_id}#{key}"}, "provider_id": {"S": provider_id},
            "payment_number": {"S": number}}
    return numbers(strings(item, row, LINE_TEXT), row, LINE_NUMBERS)
