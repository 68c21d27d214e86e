import base64
import json

import pytest

from chalicelib.accounts.models import MembershipRecord
from chalicelib.audit.models import AuditEventRecord
from chalicelib.common.errors import InvalidInput
from chalicelib.common.pagination import _key_attributes, decode_cursor, encode_cursor


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
