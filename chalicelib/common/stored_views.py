"""A provider's stored view: what a pipeline needs of one provider's items, built from the tables by ingestion's derive
step and stored as one gzip'd JSON object, so the pipeline reads one object instead of a partition item by item
(botocore parses attribute by attribute: for tens of thousands of items it cost more than the pipelines' floors,
docs/benchmarks.md). The cartera view (chalicelib/eps/cartera_view.py) and the glosa details' view
(chalicelib/glosas/detail_view.py) are two kinds.

Never staler than the tables: every write of the items a kind is built from counts a change before and after it
(`ViewMarks.changing`); a view is built at the count read before its reads and used only while the count is still
that one, otherwise the reader reads the tables. A build finishing after a newer one is dropped.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Protocol
from urllib.parse import quote

from botocore.exceptions import ClientError

from chalicelib.common.aws import client
from chalicelib.config import get_settings


class ViewMarks:
    """The marks of one kind of view, one item per provider in the table whose writes they count (hash key
    `partition(provider_id)`, range key `key`: where the table's readers never look): `changes` counts the changes
    (each adds one before it writes and one after), `built` is the `changes` the newest stored view was built at."""

    def __init__(self, db: Callable[[], Any], table: Callable[[], str], range_attribute: str, key: str,
                 partition: Callable[[str], str] = str):
        self._db, self._table, self._range, self._key, self._partition = db, table, range_attribute, key, partition

    @contextmanager
    def changing(self, provider_ids: Iterable[str]) -> Iterator[None]:
        """Around a write: the providers' stored views stop being fresh before it (a view built while it runs may
        miss part of it) and again after it (a view built before it ends is not used once it has ended). A failed
        write leaves the views stale: readers read the tables."""
        providers = sorted(set(provider_ids))
        self._count_change(providers)
        yield
        self._count_change(providers)

    def _count_change(self, providers: list[str]) -> None:
        for provider_id in providers:
            self._db().update_item(TableName=self._table(), Key=self._item_key(provider_id),
                                   UpdateExpression="ADD #c :one", ExpressionAttributeNames={"#c": "changes"},
                                   ExpressionAttributeValues={":one": {"N": "1"}})

    def view_marks(self, provider_id: str) -> tuple[int, int | None]:
        """(changes so far, the changes the newest stored view was built at; None: no view stored)."""
        item = self._db().get_item(TableName=self._table(), Key=self._item_key(provider_id),
                                   ConsistentRead=True).get("Item", {})
        built = item.get("built")
        return int(item.get("changes", {}).get("N", 0)), int(built["N"]) if built else None

    def mark_view_built(self, provider_id: str, generation: int) -> int | None | bool:
        """Record a view built at `generation` unless a newer one is recorded (one conditional UpdateItem): the
        generation it replaces (None: none), or False when a newer view is already recorded."""
        try:
            answer = self._db().update_item(
                TableName=self._table(), Key=self._item_key(provider_id),
                UpdateExpression="SET #b = :g", ConditionExpression="attribute_not_exists(#b) OR #b <= :g",
                ExpressionAttributeNames={"#b": "built"}, ExpressionAttributeValues={":g": {"N": str(generation)}},
                ReturnValues="UPDATED_OLD")
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise
            return False
        replaced = answer.get("Attributes", {}).get("built")
        return int(replaced["N"]) if replaced else None

    def _item_key(self, provider_id: str) -> dict:
        return {"provider_id": {"S": self._partition(provider_id)}, self._range: {"S": self._key}}


class Marks(Protocol):
    def view_marks(self, provider_id: str) -> tuple[int, int | None]: ...

    def mark_view_built(self, provider_id: str, generation: int) -> int | None | bool: ...


class ViewStore:
    """One kind of stored views: one gzip'd JSON object per provider and generation under `prefix`, written once per
    build and never changed in place, so two builds never overwrite each other's newer view."""

    def __init__(self, prefix: str, s3=None, bucket: str | None = None):
        self._prefix, self._s3, self._bucket = prefix, s3, bucket

    def _client(self):
        return self._s3 or client("s3")

    def _bucket_name(self) -> str:
        if self._bucket is None:
            self._bucket = get_settings().data_bucket
        return self._bucket

    def key(self, provider_id: str, generation: int) -> str:
        return f"{self._prefix}{quote(provider_id, safe='')}/{generation:012d}.json.gz"

    def put(self, provider_id: str, generation: int, view: Mapping[str, list]) -> None:
        body = gzip.compress(json.dumps(view, separators=(",", ":")).encode(), compresslevel=5)
        self._client().put_object(Bucket=self._bucket_name(), Key=self.key(provider_id, generation), Body=body,
                                  ContentType="application/json", ContentEncoding="gzip")

    def get(self, provider_id: str, generation: int) -> dict[str, list] | None:
        try:
            answer = self._client().get_object(Bucket=self._bucket_name(), Key=self.key(provider_id, generation))
        except ClientError as exc:
            if exc.response["Error"]["Code"] in ("NoSuchKey", "404"):
                return None
            raise
        return json.loads(gzip.decompress(answer["Body"].read()))

    def delete(self, provider_id: str, generation: int) -> None:
        self._client().delete_object(Bucket=self._bucket_name(), Key=self.key(provider_id, generation))


class ProviderViews:
    """Builds (`build`: the provider's view from its tables) and reads one kind of stored views; `requests` counts
    the freshness check and the object read by operation."""

    def __init__(self, marks: Marks, store: ViewStore, build: Callable[[str], Mapping[str, list]]):
        self._marks, self._store, self._build = marks, store, build
        self.requests: Counter = Counter()

    def refresh(self, provider_id: str) -> int:
        """Build the provider's view and store it; returns the generation it was built at. An older build finishing
        after a newer one is dropped; the view it replaces is removed."""
        generation, _ = self._marks.view_marks(provider_id)
        self._store.put(provider_id, generation, self._build(provider_id))
        replaced = self._marks.mark_view_built(provider_id, generation)
        if replaced is False:
            self._store.delete(provider_id, generation)
        elif replaced is not None and replaced != generation:
            self._store.delete(provider_id, replaced)
        return generation

    def fresh(self, provider_id: str) -> dict[str, list] | None:
        """The provider's view when one is stored and no change came after it was built; None otherwise."""
        changes, built = self._marks.view_marks(provider_id)
        self.requests["GetItem"] += 1
        if built is None or built != changes:
            return None
        self.requests["GetObject"] += 1
        return self._store.get(provider_id, built)
