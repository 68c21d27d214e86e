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


def decode_cursor(cursor: str | None, *, key_attributes: frozenset[str], partition_attribute: str,
                  partition: str) -> dict | None:
    """The start key, refused unless it is a well-formed key of this query's partition (a cursor cannot
    page another tenant, nor reach DynamoDB malformed)."""
    if not cursor:
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, RecursionError) as exc:
        raise InvalidInput(_INVALID, code="INVALID_CURSOR") from exc
    well_formed = (
        isinstance(key, dict) and set(key) == key_attributes
        and all(isinstance(v, dict) and set(v) == {"S"} and isinstance(v["S"], str) and 0 < len(v["S"]) <= 512
                for v in key.values())
    )
    if not well_formed or key[partition_attribute]["S"] != partition:
        raise InvalidInput(_INVALID, code="INVALID_CURSOR")
    return key


def _key_attributes(index_or_model) -> frozenset[str]:
    """Attributes of a LastEvaluatedKey: the table's keys, plus the index's when querying an index."""
    model = getattr(index_or_model, "_model", index_or_model)
    names = {model._hash_keyname, model._range_keyname}
    meta_attributes = getattr(getattr(index_or_model, "Meta", None), "attributes", None)
    if meta_attributes and index_or_model is not model:
        names |= {a.attr_name for a in meta_attributes.values() if a.is_hash_key or a.is_range_key}
    return frozenset(n for n in names if n)


def query_page(index_or_model, partition_attribute: str, partition: str, *, limit: int, cursor: str | None,
               newest_first: bool = False, range_key_condition=None) -> Page:
    start = decode_cursor(cursor, key_attributes=_key_attributes(index_or_model),
                          partition_attribute=partition_attribute, partition=partition)
    # One item more than asked: DynamoDB hands a LastEvaluatedKey whenever a page is full, even when nothing
    # follows, and a cursor to an empty page makes the portal offer "Siguiente" onto nothing.
    key_attributes = _key_attributes(index_or_model)
    result = index_or_model.query(partition, range_key_condition, limit=limit + 1, last_evaluated_key=start,
                                  scan_index_forward=not newest_first)
    items = list(result)
    if len(items) <= limit:
        return Page(items=items, cursor=None)
    items = items[:limit]
    last = items[-1].serialize()
    return Page(items=items, cursor=encode_cursor({name: last[name] for name in key_attributes}))
