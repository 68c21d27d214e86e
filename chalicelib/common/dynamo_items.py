"""Bulk writes of raw DynamoDB items: what the owner repositories send when they store thousands of rows.

Items are built in DynamoDB's own notation by the repository that owns the table (no model object per
row: PynamoDB's models cost more CPU than botocore's serialisation of the same items, docs/benchmarks.md).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from itertools import islice
from typing import Any

BATCH_WRITE = 25  # DynamoDB's limit of items per BatchWriteItem
_ATTEMPTS = 8


def strings(item: dict, row: Mapping[str, Any], names: Iterable[str]) -> dict:
    """Copy the row's text values into the item; None is left out (PynamoDB's null attributes)."""
    for name in names:
        value = row[name]
        if value is not None:
            item[name] = {"S": value}
    return item


def numbers(item: dict, row: Mapping[str, Any], names: Iterable[str]) -> dict:
    for name in names:
        value = row[name]
        if value is not None:
            item[name] = {"N": str(value)}
    return item


def put_items(dynamodb, table: str, items: Iterable[dict]) -> int:
    """BatchWriteItem, 25 at a time, sending unprocessed items again with backoff; returns items put.

    A batch may not hold one key twice: callers pass items with distinct keys."""
    written = 0
    items = iter(items)
    while batch := [{"PutRequest": {"Item": item}} for item in islice(items, BATCH_WRITE)]:
        pending = {table: batch}
        for attempt in range(_ATTEMPTS):
            pending = dynamodb.batch_write_item(RequestItems=pending).get("UnprocessedItems")
            if not pending:
                break
            time.sleep(min(0.05 * 2 ** attempt, 2))
        else:
            raise RuntimeError(f"DynamoDB kept items of {table} unprocessed after {_ATTEMPTS} attempts")
        written += len(batch)
    return written
