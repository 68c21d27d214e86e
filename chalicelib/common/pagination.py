"""Sealed page cursors over DynamoDB queries: the start key encrypted and authenticated (AES-GCM) with a key
derived from the signing key, bound to the table, index and partition they were issued for. A client sees
neither the key's values (a document number, a date) nor can it forge or move a cursor to another query."""

from __future__ import annotations

import base64
import binascii
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from chalicelib.common.errors import InvalidInput
from chalicelib.security.keys import derived_key

ItemT = TypeVar("ItemT")
CURSOR_PURPOSE = b"oficina-virtual/page-cursors"
MAX_CURSOR_LENGTH = 2048  # a sealed key is a few hundred characters; the OpenAPI document states this bound
_NONCE_BYTES = 12
_INVALID = "El cursor de paginación no es válido"


@dataclass(frozen=True, slots=True)
class Page(Generic[ItemT]):
    items: list[ItemT]
    cursor: str | None


def _refused() -> InvalidInput:
    return InvalidInput(_INVALID, code="INVALID_CURSOR", details=[{"campo": "cursor", "mensaje": _INVALID}])


def seal_cursor(key: dict | None, *, secret: bytes, context: str) -> str | None:
    """The cursor a client gets for the start key `key` of the query `context` (None: no further page)."""
    if not key:
        return None
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(secret).encrypt(nonce, json.dumps(key, separators=(",", ":")).encode(), context.encode())
    return base64.urlsafe_b64encode(nonce + sealed).rstrip(b"=").decode()


def open_cursor(cursor: str | None, *, secret: bytes, context: str, key_attributes: frozenset[str],
                partition_attribute: str, partition: str) -> dict | None:
    """The start key, refused unless this service sealed it for this very query and it is a well-formed key of
    the partition (a cursor cannot page another tenant, nor reach DynamoDB malformed)."""
    if not cursor:
        return None
    try:
        if len(cursor) > MAX_CURSOR_LENGTH or not cursor.isascii():
            raise ValueError
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        if len(raw) <= _NONCE_BYTES:
            raise ValueError
        plain = AESGCM(secret).decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], context.encode())
        key = json.loads(plain)
    except (ValueError, binascii.Error, InvalidTag, RecursionError) as exc:
        raise _refused() from exc
    well_formed = (
        isinstance(key, dict) and set(key) == key_attributes
        and all(isinstance(v, dict) and set(v) == {"S"} and isinstance(v["S"], str) and 0 < len(v["S"]) <= 512
                for v in key.values())
    )
    if not well_formed or key[partition_attribute]["S"] != partition:
        raise _refused()
    return key


def _model_of(index_or_model):
    return getattr(index_or_model, "_model", index_or_model)


def _key_attributes(index_or_model) -> frozenset[str]:
    """Attributes of a LastEvaluatedKey: the table's keys, plus the index's when querying an index."""
    model = _model_of(index_or_model)
    names = {model._hash_keyname, model._range_keyname}
    meta_attributes = getattr(getattr(index_or_model, "Meta", None), "attributes", None)
    if meta_attributes and index_or_model is not model:
        names |= {a.attr_name for a in meta_attributes.values() if a.is_hash_key or a.is_range_key}
    return frozenset(n for n in names if n)


def query_context(index_or_model, partition: str) -> str:
    """What a cursor is bound to: table, index (empty for the table itself) and partition."""
    model = _model_of(index_or_model)
    index = getattr(index_or_model.Meta, "index_name", "") if index_or_model is not model else ""
    return json.dumps([model.Meta.table_name, index, partition])


def query_page(index_or_model, partition_attribute: str, partition: str, *, limit: int, cursor: str | None,
               newest_first: bool = False, range_key_condition=None,
               as_type: Callable[[Any], Any] | None = None) -> Page:
    """One page of a partition, from where `cursor` left off; `as_type` maps each record to the plain type the
    repository hands out (the cursor is taken from the record itself)."""
    # Read at each query: follows the signing key's rotation (a cursor from before a rotation is refused).
    secret, context = derived_key(CURSOR_PURPOSE), query_context(index_or_model, partition)
    key_attributes = _key_attributes(index_or_model)
    start = open_cursor(cursor, secret=secret, context=context, key_attributes=key_attributes,
                        partition_attribute=partition_attribute, partition=partition)
    # One item more than asked: DynamoDB hands a LastEvaluatedKey whenever a page is full, even when nothing
    # follows, and a cursor to an empty page makes the portal offer "Siguiente" onto nothing.
    result = index_or_model.query(partition, range_key_condition, limit=limit + 1, last_evaluated_key=start,
                                  scan_index_forward=not newest_first)
    records = list(result)
    mapped = (lambda found: [as_type(r) for r in found]) if as_type else list
    if len(records) <= limit:
        return Page(items=mapped(records), cursor=None)
    records = records[:limit]
    last = records[-1].serialize()
    return Page(items=mapped(records), cursor=seal_cursor({name: last[name] for name in key_attributes},
                                                          secret=secret, context=context))
