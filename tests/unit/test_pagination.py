import base64
import json

import pytest

from chalicelib.accounts.models import MembershipRecord
from chalicelib.audit.models import AuditEventRecord
from chalicelib.common.errors import InvalidInput
from chalicelib.common.pagination import _key_attributes, open_cursor, query_context, query_page, seal_cursor


def plain(key) -> str:
    """What a cursor used to be: the key in base64, readable and writable by anyone."""
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode()


def test_key_attributes_of_tables_and_indexes():
    assert _key_attributes(AuditEventRecord) == {"provider_id", "event_key"}
    assert _key_attributes(MembershipRecord.by_provider) == {"provider_id", "person_id"}


def test_a_cursor_is_bound_to_its_table_index_and_partition():
    users = MembershipRecord.by_provider
    contexts = {query_context(users, "NI#1"), query_context(users, "NI#2"), query_context(AuditEventRecord, "NI#1")}
    assert len(contexts) == 3


SECRET, OTHER_SECRET = b"k" * 32, b"o" * 32
CONTEXT = query_context(MembershipRecord.by_provider, "NI#1")
GOOD = {"provider_id": {"S": "NI#1"}, "person_id": {"S": "CC#52111222"}}
ATTRS = frozenset(GOOD)


def opened(cursor, secret=SECRET, context=CONTEXT):
    return open_cursor(cursor, secret=secret, context=context, key_attributes=ATTRS,
                       partition_attribute="provider_id", partition="NI#1")


def test_round_trip_and_the_key_is_not_readable_in_the_cursor():
    cursor = seal_cursor(GOOD, secret=SECRET, context=CONTEXT)
    assert opened(cursor) == GOOD
    assert "52111222" not in cursor
    decoded = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    assert b"52111222" not in decoded and b"CC#" not in decoded
    assert seal_cursor(None, secret=SECRET, context=CONTEXT) is None
    assert opened(None) is None and opened("") is None


def flipped(cursor: str, position: int) -> str:
    raw = bytearray(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    raw[position] ^= 1
    return base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()


SEALED = seal_cursor(GOOD, secret=SECRET, context=CONTEXT)


@pytest.mark.parametrize(("bad", "secret", "context"), [
    ("no-base64-json", SECRET, CONTEXT),
    (plain(GOOD), SECRET, CONTEXT),  # the old readable cursor, or one written by hand
    (flipped(SEALED, 0), SECRET, CONTEXT),  # nonce
    (flipped(SEALED, 20), SECRET, CONTEXT),  # ciphertext
    (flipped(SEALED, -1), SECRET, CONTEXT),  # tag
    (SEALED[:-3], SECRET, CONTEXT),
    (SEALED, OTHER_SECRET, CONTEXT),  # after a key rotation
    (SEALED, SECRET, query_context(MembershipRecord.by_provider, "NI#2")),  # another tenant's query
    (SEALED, SECRET, query_context(AuditEventRecord, "NI#1")),  # another route's query
    ("A" * 5000, SECRET, CONTEXT), ("ñ" * 40, SECRET, CONTEXT), ("%00", SECRET, CONTEXT),
])
def test_tampered_foreign_or_forged_cursors_are_refused(bad, secret, context):
    with pytest.raises(InvalidInput) as refused:
        opened(bad, secret, context)
    invalid = "El cursor de paginación no es válido"
    assert (refused.value.message, refused.value.details) == (invalid, [{"campo": "cursor", "mensaje": invalid}])


@pytest.mark.parametrize("key", [
    [1], {"provider_id": {"S": "NI#1"}}, {**GOOD, "x": {"S": "y"}},
    {"provider_id": {"S": "NI#1"}, "person_id": {"N": "2"}}, {"provider_id": "NI#1", "person_id": "x"},
    {"provider_id": {"S": "NI#9"}, "person_id": {"S": "CC#2"}},
    {"provider_id": {"S": "NI#1"}, "person_id": {"S": "x" * 600}},
])
def test_even_a_sealed_key_is_checked_before_it_reaches_dynamodb(key):
    with pytest.raises(InvalidInput):
        opened(seal_cursor(key, secret=SECRET, context=CONTEXT))


class _Item:
    def __init__(self, provider_id: str, person_id: str):
        self.key = {"provider_id": {"S": provider_id}, "person_id": {"S": person_id}}

    def serialize(self) -> dict:
        return {**self.key, "name": {"S": "x"}}


class _DynamoLikeTable:
    """Queries as DynamoDB answers them: a LastEvaluatedKey whenever `limit` items were read, even when none
    follows (moto leaves it out at the end, so the API tests cannot see this)."""

    _hash_keyname, _range_keyname = "provider_id", "person_id"

    class Meta:
        table_name = "memberships"

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
def test_pages_end_without_a_cursor_when_nothing_follows(aws, count):
    """Issue 22: exactly a page of results must not offer "Siguiente" onto an empty page."""
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
