"""Consecutive numbers (the "Nro proceso" of glosa response loads): one atomic counter per name."""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import UpdateError
from pynamodb.models import Model

from chalicelib.common.db import table


@table("sequences")
class SequenceRecord(Model):
    class Meta:
        table_name = "sequences"

    name = UnicodeAttribute(hash_key=True)  # "glosas"
    last = NumberAttribute(default=0)
    newest = UnicodeAttribute(null=True)  # advance(): the highest mark seen under this name


class SequenceTable:
    """The sequences table (wiring.py hands it to the pipelines that number their runs)."""

    def next_number(self, name: str) -> int:
        """1, 2, 3…: one UpdateItem ADD, so two callers never get the same number."""
        record = SequenceRecord(name)
        record.update(actions=[SequenceRecord.last.add(1)])
        return int(record.last)

    def advance(self, name: str, mark: str) -> bool:
        """Keep `mark` as the name's newest unless a higher one is already kept (one conditional UpdateItem): False
        when this mark comes after a higher one. An equal mark (a repeated delivery) advances."""
        try:
            SequenceRecord(name).update(actions=[SequenceRecord.newest.set(mark)],
                                        condition=SequenceRecord.newest.does_not_exist()
                                        | (SequenceRecord.newest <= mark))
            return True
        except UpdateError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
            return False


next_number = SequenceTable().next_number
