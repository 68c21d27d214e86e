"""In-memory stand-in of the survey repository (service unit tests, no AWS): same rules, same answers."""

from __future__ import annotations

from collections import defaultdict

from chalicelib.survey.store import AnswerToStore, PeriodState, Respondent, SkipToStore


class FakeSurveyStore:
    def __init__(self):
        self.periods: dict[tuple[str, str], PeriodState] = {}
        self.answers: list[AnswerToStore] = []
        self.counts = defaultdict(int)  # (channel, month, question, level) → answers

    def state(self, respondent: Respondent, period: str) -> PeriodState | None:
        return self.periods.get((respondent.key, period))

    def save_answer(self, answer: AnswerToStore) -> bool:
        current = self.state(answer.respondent, answer.period)
        if current is not None and current.answered:
            return current.request_id == answer.request_id
        self.periods[(answer.respondent.key, answer.period)] = PeriodState(True, None, answer.request_id)
        self.answers.append(answer)
        for question, level in answer.levels.items():
            self.counts[(answer.respondent.channel.value, answer.period, question, level)] += 1
        return True

    def save_skip(self, skip: SkipToStore) -> bool:
        current = self.state(skip.respondent, skip.period)
        if current is not None and current.answered:
            return False
        self.periods[(skip.respondent.key, skip.period)] = PeriodState(False, skip.offer_again_at)
        return True

    def tallies(self, channel: str, first_month: str, last_month: str):
        found: dict = defaultdict(lambda: defaultdict(dict))
        for (kept_channel, month, question, level), count in self.counts.items():
            if kept_channel == channel and first_month <= month <= last_month:
                found[month][question][level] = count
        return found
