"""`make run`'s demo affiliate gets one PQRS answered (on time, to rate) and one overdue."""

from __future__ import annotations

from datetime import datetime

from chalicelib.common.clock import BOGOTA
from chalicelib.pqrs import demo
from chalicelib.pqrs.catalogue import PqrsState
from chalicelib.pqrs.deadlines import answered_on, is_overdue
from tests.affiliates.fakes import FakeAffiliateDirectory, affiliate
from tests.pqrs.fakes import FakePqrsStore


def test_one_answered_on_time_and_one_overdue():
    store, directory = FakePqrsStore(), FakeAffiliateDirectory()
    me = directory.add(affiliate("CC", "1032456789"))
    now = datetime(2026, 12, 7, 8, 0, tzinfo=BOGOTA)
    answered, overdue = (store.get(r) for r in demo.load(store, directory, me.identity, now))
    assert answered.state is PqrsState.FINALIZADO and answered_on(answered) <= answered.due_on
    assert overdue.state is PqrsState.EN_GESTION and is_overdue(overdue, now.date())
    assert {answered.affiliate, overdue.affiliate} == {me.identity}
