"""Consecutive numbers (the "Nro proceso" of glosa response loads): one atomic counter per name."""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.models import Model

from chalicelib.common.db import table


@table("sequences")
class SequenceRecord(Model):
    class Meta:
        table_name = "sequences"

    name = UnicodeAttribute(hash_key=True)  # "glosas"
    last = NumberAttribute(default=0)


class SequenceTable:
    """The sequences table (wiring.py hands it to the pipelines that number their runs)."""

    def next_number(self, name: str) -> int:
        """1, 2, 3…: one UpdateItem ADD, so two callers never get the same number."""
        record = SequenceRecord(name)
        record.update(actions=[SequenceRecord.last.add(1)])
        return int(record.last)


next_number = SequenceTable().next_number
