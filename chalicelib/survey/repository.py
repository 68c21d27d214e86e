"""Persistence of the survey (PynamoDB): the only module that reads or writes survey_responses and
survey_tallies. An answer and its counters are one TransactWriteItems: both or neither."""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Iterable

from pynamodb.exceptions import DoesNotExist, PutError, TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.survey.models import ANSWERED, SKIPPED, SurveyResponseRecord, SurveyTally
from chalicelib.survey.store import AnswerToStore, PeriodState, Respondent, SkipToStore, Tallies

SHARDS = 4
CONFLICT_ATTEMPTS = 5


def _open_for_answer():
    """The period has no item yet, or only a skip: an answer is final and written once."""
    return SurveyResponseRecord.respondent_key.does_not_exist() | (SurveyResponseRecord.state == SKIPPED)


def _reasons(exc: TransactWriteError) -> set[str]:
    return {reason.code for reason in exc.cancellation_reasons if reason is not None}


class SurveyRepository:
    def __init__(self, *, shards: int = SHARDS, pause=time.sleep):
        self._shards = shards
        self._pause = pause

    def state(self, respondent: Respondent, period: str) -> PeriodState | None:
        try:
            record = SurveyResponseRecord.get(respondent.key, period, consistent_read=True)
        except DoesNotExist:
            return None
        return PeriodState(answered=record.state == ANSWERED, offer_again_at=record.offer_again_at,
                           request_id=record.request_id)

    def save_answer(self, answer: AnswerToStore) -> bool:
        """False when the period was already answered. Transactions that collide on a counter are retried
        (a cancelled transaction wrote nothing)."""
        respondent = answer.respondent
        record = SurveyResponseRecord(
            respondent.key, answer.period, channel=respondent.channel, tenant_id=respondent.tenant_id,
            person_id=respondent.person_id, role=respondent.role, state=ANSWERED, answered_at=answer.at,
            answers=dict(answer.levels), request_id=answer.request_id)
        shard = random.randrange(self._shards)  # noqa: S311 (load spreading, not security)
        for attempt in range(CONFLICT_ATTEMPTS):
            try:
                with TransactWrite(connection=SurveyResponseRecord._get_connection().connection) as tx:
                    tx.save(record, condition=_open_for_answer())
                    for question, level in sorted(answer.levels.items()):
                        tally = SurveyTally(respondent.channel, f"{answer.period}#{question}#{level}#{shard}")
                        tx.update(tally, actions=[SurveyTally.count.add(1)])
                return True
            except TransactWriteError as exc:
                reasons = _reasons(exc)
                if "ConditionalCheckFailed" in reasons:
                    stored = self.state(respondent, answer.period)  # our own commit, seen through a retry?
                    return stored is not None and stored.request_id == answer.request_id
                if "TransactionConflict" not in reasons or attempt == CONFLICT_ATTEMPTS - 1:
                    raise
                self._pause(random.uniform(0, 0.05 * 2 ** attempt))  # noqa: S311
        return False  # not reached

    def save_skip(self, skip: SkipToStore) -> bool:
        """False when the period was already answered."""
        respondent = skip.respondent
        try:
            SurveyResponseRecord(
                respondent.key, skip.period, channel=respondent.channel, tenant_id=respondent.tenant_id,
                person_id=respondent.person_id, role=respondent.role, state=SKIPPED,
                offer_again_at=skip.offer_again_at).save(condition=_open_for_answer())
        except PutError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def tallies(self, channel: str, first_month: str, last_month: str) -> Tallies:
        """month → question → level → answers, summed over shards: one Query (paged) of the channel's keys."""
        counts: Tallies = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
        items: Iterable[SurveyTally] = SurveyTally.query(
            channel, SurveyTally.tally_key.between(f"{first_month}#", f"{last_month}#\uffff"), consistent_read=True)
        for item in items:
            month, question, level, _shard = item.tally_key.split("#")
            counts[month][question][level] += int(item.count)
        return counts
