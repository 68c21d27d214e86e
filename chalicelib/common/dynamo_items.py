"""Bulk writes of raw DynamoDB items: what the owner repositories send when they store thousands of rows.

Items are built in DynamoDB's own notation by the repository that owns the table (no model object per
row: PynamoDB's models cost more CPU than botocore's serialisation of the same items, docs/benchmarks.md).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping
from itertools import chain, islice
from typing import Any

BATCH_WRITE = 25  # DynamoDB's limit of items per BatchWriteItem
BATCH_GET = 100  # and of keys per BatchGetItem
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


def put_items(dynamodb, table: str, items: Iterable[dict], deleting: Iterable[dict] = ()) -> int:
    """BatchWriteItem, 25 at a time, sending unprocessed items again with backoff; returns items put. `deleting`:
    raw keys removed in the same batches.

    A batch may not hold one key twice: callers pass items and keys that are all distinct."""
    deletes = [{"DeleteRequest": {"Key": key}} for key in deleting]
    written = -len(deletes)
    requests = chain(deletes, ({"PutRequest": {"Item": item}} for item in items))
    while batch := list(islice(requests, BATCH_WRITE)):
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


RawPage = tuple[list[dict], "dict | None"]  # one Query answer: its items and LastEvaluatedKey


def query_pages(dynamodb, table: str, key: tuple[str, str], projection: Iterable[str], *, index: str | None = None,
                below: tuple[str, str] | None = None) -> Iterator[RawPage]:
    """Raw pages of one partition (`key` = (hash attribute, value)), projected; `below` = (range attribute, bound)
    keeps the range keys under the bound. One page per request, so callers can count and stop early."""
    names = {f"#a{i}": a for i, a in enumerate(projection)}
    request = {"TableName": table, "KeyConditionExpression": "#k = :k",
               "ExpressionAttributeNames": {"#k": key[0], **names},
               "ExpressionAttributeValues": {":k": {"S": key[1]}}, "ProjectionExpression": ", ".join(names)}
    if below:
        request["KeyConditionExpression"] += " AND #r < :r"
        request["ExpressionAttributeNames"]["#r"] = below[0]
        request["ExpressionAttributeValues"][":r"] = {"S": below[1]}
    if index:
        request["IndexName"] = index
    for page in dynamodb.get_paginator("query").paginate(**request):
        yield page.get("Items", []), page.get("LastEvaluatedKey")


def batch_get(dynamodb, table: str, keys: list[dict], projection: Iterable[str], *,
              consistent: bool = False) -> Iterator[list[dict]]:
    """BatchGetItem of raw keys, 100 a request, unprocessed keys sent again; yields each answer's items."""
    names = {f"#a{i}": a for i, a in enumerate(projection)}
    for start in range(0, len(keys), BATCH_GET):
        request = {table: {"Keys": keys[start:start + BATCH_GET], "ProjectionExpression": ", ".join(names),
                           "ExpressionAttributeNames": names, "ConsistentRead": consistent}}
        while request:
            answer = dynamodb.batch_get_item(RequestItems=request)
            yield answer.get("Responses", {}).get(table, [])
            request = answer.get("UnprocessedKeys") or None
