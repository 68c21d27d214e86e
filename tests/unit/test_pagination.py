import base64
import json

import pytest

from chalicelib.accounts.models import MembershipRecord
from chalicelib.audit.models import AuditEventRecord
from chalicelib.common.errors import InvalidInput
from chalicelib.common.pagination import _key_attributes, decode_cursor, encode_cursor, query_page


def cursor(key) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode()


def test_key_attributes_of_tables_and_indexes():
    assert _key_attributes(AuditEventRecord) == {"provider_id", "event_key"}
    assert _key_attributes(MembershipRecord.by_provider) == {"provider_id", "person_id"}


GOOD = {"provider_id": {"S": "NI#1"}, "person_id": {"S": "CC#2"}}
ATTRS = frozenset(GOOD)


def test_round_trip():
    assert decode_cursor(encode_cursor(GOOD), key_attributes=ATTRS, partition_attribute="provider_id",
                         partition="NI#1") == GOOD


@pytest.mark.parametrize("bad", [
    "no-base64-json", cursor([1]), cursor({"provider_id": {"S": "NI#1"}}), cursor({**GOOD, "x": {"S": "y"}}),
    cursor({"provider_id": {"S": "NI#1"}, "person_id": {"N": "2"}}), cursor({"provider_id": "NI#1", "person_id": "x"}),
    cursor({"provider_id": {"S": "NI#9"}, "person_id": {"S": "CC#2"}}), cursor({"provider_id": {"S": "NI#1"},
                                                                                 "person_id": {"S": "x" * 600}}),
])
def test_malformed_or_foreign_cursors_are_422(bad):
    with pytest.raises(InvalidInput):
        decode_cursor(bad, key_attributes=ATTRS, partition_attribute="provider_id", partition="NI#1")


class _Item:
    def __init__(self, provider_id: str, person_id: str):
        self.key = {"provider_id": {"S": provider_id}, "person_id": {"S": person_id}}

    def serialize(self) -> dict:
        return {**self.key, "name": {"S": "x"}}


class _DynamoLikeTable:
    """Queries as DynamoDB answers them: a LastEvaluatedKey whenever `limit` items were read, even when none
    follows (moto leaves it out at the end, so the API tests cannot see this)."""

    _hash_keyname, _range_keyname = "provider_id", "person_id"

    def __init__(self, count: int):
        self.items = [_Item("NI#1", f"CC#{i}") for i in range(count)]

    def query(self, partition, condition, *, limit, last_evaluated_key, scan_index_forward):
        keys = [i.key for i in self.items]
        start = keys.index(last_evaluated_key) + 1 if last_evaluated_key else 0
        page = self.items[start:start + limit]
        result = _Result(page)
        result.last_evaluated_key = page[-1].key if len(page) == limit else None
        return result


class _Result(list):
    last_evaluated_key = None


@pytest.mark.parametrize("count", [3, 4, 6])
def test_pages_end_without_a_cursor_when_nothing_follows(count):
    table = _DynamoLikeTable(count)
    seen, cursor, pages = [], None, 0
    while True:
        page = query_page(table, "provider_id", "NI#1", limit=3, cursor=cursor)
        pages += 1
        assert page.items, "a cursor led to an empty page"
        seen += [i.key["person_id"]["S"] for i in page.items]
        if not page.cursor:
            break
        cursor = page.cursor
    assert seen == [f"CC#{i}" for i in range(count)]
    assert pages == -(-count // 3)
