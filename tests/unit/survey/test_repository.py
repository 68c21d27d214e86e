"""The survey repository on moto: an answer and its counters together or not at all, exact counts."""

from __future__ import annotations

from datetime import datetime

import pytest
from pynamodb.exceptions import CancellationReason, TransactWriteError, VerboseClientError
from pynamodb.transactions import TransactWrite

from chalicelib.common.clock import BOGOTA
from chalicelib.survey.models import SurveyResponseRecord, SurveyTally
from chalicelib.survey.questions import Channel
from chalicelib.survey.repository import SurveyRepository
from chalicelib.survey.schemas import SurveyAnswerBody
from chalicelib.survey.service import SurveyService
from chalicelib.survey.store import AnswerToStore, Respondent, SkipToStore
from tests.unit.survey.answers import DECEMBER, NOVEMBER, NOVEMBER_EXPECTED, body

ANA = Respondent(Channel.PROVEEDORES, "NI#900123456", "CC#1000000001", "ADMINISTRADOR")
LEVELS = {"satisfaccion": "SATISFECHO", "facilidad": "FACIL", "recomendacion": "9", "resuelto": "SI"}


def _answer(respondent=ANA, period="2026-11", request_id="r1", levels=LEVELS):
    return AnswerToStore(respondent, period, "2026-11-30T23:30:00-05:00", dict(levels), request_id)


@pytest.fixture
def repo(aws):
    return SurveyRepository()


def test_answer_once_per_period_with_its_counters(repo):
    assert repo.state(ANA, "2026-11") is None
    assert repo.save_answer(_answer()) is True
    assert repo.save_answer(_answer(request_id="r2", levels={**LEVELS, "recomendacion": "0"})) is False
    assert repo.save_answer(_answer()) is True  # our own write seen again (a retry after a lost reply)
    assert repo.save_skip(SkipToStore(ANA, "2026-11", "2026-12-07T23:30:00-05:00")) is False
    tallies = repo.tallies("proveedores", "2026-11", "2026-11")
    assert tallies["2026-11"]["recomendacion"] == {"9": 1}
    assert sum(item.count for item in SurveyTally.scan()) == 4  # one answer, four questions: nothing doubled
    stored = SurveyResponseRecord.get(ANA.key, "2026-11")
    assert (stored.state, stored.tenant_id, stored.role, stored.answers.as_dict()) == (
        "RESPONDIDA", "NI#900123456", "ADMINISTRADOR", LEVELS)
    assert repo.state(ANA, "2026-12") is None and repo.save_answer(_answer(period="2026-12")) is True


def test_skip_then_answer(repo):
    assert repo.save_skip(SkipToStore(ANA, "2026-11", "2026-11-17T09:00:00-05:00")) is True
    state = repo.state(ANA, "2026-11")
    assert (state.answered, state.offer_again_at) == (False, "2026-11-17T09:00:00-05:00")
    assert repo.save_skip(SkipToStore(ANA, "2026-11", "2026-11-20T09:00:00-05:00")) is True
    assert repo.save_answer(_answer()) is True
    assert repo.state(ANA, "2026-11").answered is True


def test_counts_are_exact_over_shards(repo):
    people = [Respondent(Channel.PROVEEDORES, "NI#900123456", f"CC#{n}", "DELEGADO") for n in range(40)]
    stored = [repo.save_answer(_answer(p, request_id=p.person_id + "-again" * (i >= 40)))
              for i, p in enumerate(people + people[:10])]
    assert stored.count(True) == 40
    tallies = repo.tallies("proveedores", "2026-01", "2026-12")
    assert tallies["2026-11"]["satisfaccion"] == {"SATISFECHO": 40}
    assert len({item.tally_key.rsplit("#", 1)[1] for item in SurveyTally.scan()}) > 1  # spread over shards


def _conflict() -> TransactWriteError:
    cause = VerboseClientError({"Error": {"Code": "TransactionCanceledException", "Message": "conflict"}},
                               "TransactWriteItems", cancellation_reasons=[
                                   None, CancellationReason(code="TransactionConflict", message="conflict")])
    return TransactWriteError("Failed to write transaction items", cause=cause)


def test_a_transaction_conflict_is_retried_and_counted_once(aws, monkeypatch):
    pauses = []
    repo = SurveyRepository(pause=pauses.append)
    real_commit, failures = TransactWrite._commit, [_conflict()]

    def commit(self):
        if failures:
            raise failures.pop()
        return real_commit(self)

    monkeypatch.setattr(TransactWrite, "_commit", commit)
    assert repo.save_answer(_answer()) is True
    assert len(pauses) == 1
    assert sum(item.count for item in SurveyTally.scan()) == 4
    failures.extend(_conflict() for _ in range(5))
    with pytest.raises(TransactWriteError):
        repo.save_answer(_answer(respondent=Respondent(Channel.PROVEEDORES, "NI#1", "CC#2", "DELEGADO")))
    assert sum(item.count for item in SurveyTally.scan()) == 4


def test_hand_counted_report_through_dynamodb(repo):
    moment = datetime(2026, 11, 15, 10, 0, tzinfo=BOGOTA)
    service = SurveyService(repo, now=lambda: moment)
    for n, answer in enumerate(NOVEMBER):
        service.answer(Respondent(Channel.PROVEEDORES, "NI#900123456", f"CC#{n}", "DELEGADO"),
                       SurveyAnswerBody.model_validate(body(answer)))
    for n, answer in enumerate(DECEMBER):  # another channel, same month: kept apart
        service.answer(Respondent(Channel.AFILIADOS, "CC#5", f"CC#{n}", "AFILIADO"),
                       SurveyAnswerBody.model_validate(body(answer)))
    report = service.report({"desde": "2026-11", "hasta": "2026-11"})
    rows = {r.canal: r for r in report.filas}
    assert rows["proveedores"].model_dump(include=set(NOVEMBER_EXPECTED)) == NOVEMBER_EXPECTED
    assert rows["afiliados"].respuestas == 3 and rows["afiliados"].nps == 66.7
