"""Opaque page cursors over DynamoDB queries, bound to the partition they were issued for."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Generic, TypeVar

from chalicelib.common.errors import InvalidInput

ItemT = TypeVar("ItemT")
_INVALID = "El cursor de paginación no es válido"


@dataclass(frozen=True, slots=True)
class Page(Generic[ItemT]):
    items: list[ItemT]
    cursor: str | None


def encode_cursor(key: dict | None) -> str | None:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode() if key else None


def decode_cursor(cursor: str | None, *, partition_attribute: str, partition: str) -> dict | None:
    """The start key, refused unless it belongs to `partition` (a cursor cannot page another tenant)."""
    if not cursor:
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except ValueError as exc:
        raise InvalidInput(_INVALID, code="INVALID_CURSOR") from exc
    if not isinstance(key, dict) or (key.get(partition_attribute) or {}).get("S") != partition:
        raise InvalidInput(_INVALID, code="INVALID_CURSOR")
    return key


def query_page(index_or_model, partition_attribute: str, partition: str, *, limit: int, cursor: str | None,
               newest_first: bool = False) -> Page:
    start = decode_cursor(cursor, partition_attribute=partition_attribute, partition=partition)
    result = index_or_model.query(partition, limit=limit, last_evaluated_key=start,
                                  scan_index_forward=not newest_first)
    items = list(result)
    return Page(items=items, cursor=encode_cursor(result.last_evaluated_key))
