"""The pqrs table on moto: the yearly consecutive, idempotent filing, the three queries, conditional answer/rate."""

from __future__ import annotations

from datetime import UTC, date, datetime

from chalicelib.pqrs.catalogue import Channel, PqrsState, PqrsType
from chalicelib.pqrs.repository import PqrsRepository
from chalicelib.pqrs.types import Answer, Pqrs, Sender

AT = datetime(2026, 3, 19, 15, 0, tzinfo=UTC)


def pqrs(radicado: str, due: date, affiliate: str | None = "CC#1", **overrides) -> Pqrs:
    values = dict(radicado=radicado, tipo=PqrsType.QUEJA, channel=Channel.PORTAL, descripcion="texto",
                  filed_at=AT, due_on=due, state=PqrsState.EN_GESTION, affiliate=affiliate)
    return Pqrs(**{**values, **overrides})


def test_the_consecutive_counts_per_year(aws):
    repo = PqrsRepository()
    assert [repo.next_number(2026) for _ in range(3)] == [1, 2, 3]
    assert repo.next_number(2027) == 1


def test_an_idempotency_key_files_once(aws):
    repo = PqrsRepository()
    assert repo.add(pqrs("2026-000001", date(2026, 4, 14)), "CC#1|k1") == "2026-000001"
    assert repo.add(pqrs("2026-000002", date(2026, 4, 14)), "CC#1|k1") == "2026-000001"
    assert repo.get("2026-000002") is None
    stored = repo.get("2026-000001")
    assert stored == pqrs("2026-000001", date(2026, 4, 14))


def test_queries_answer_and_rate(aws):
    repo = PqrsRepository()
    sender = Sender("CC", "52123456", "ANA", "ana@correo.example.co")
    repo.add(pqrs("2026-000001", date(2026, 4, 14)))
    repo.add(pqrs("2026-000002", date(2026, 4, 7)))
    repo.add(pqrs("2026-000003", date(2026, 5, 6), affiliate=None, channel=Channel.CONTACTO, sender=sender))
    assert [p.radicado for p in repo.in_state(PqrsState.EN_GESTION, limit=2, cursor=None).items] == [
        "2026-000002", "2026-000001"]
    page = repo.in_state(PqrsState.EN_GESTION, limit=2, cursor=None)
    assert [p.radicado for p in repo.in_state(PqrsState.EN_GESTION, limit=2, cursor=page.cursor).items] == [
        "2026-000003"]
    assert repo.get("2026-000003").sender == sender
    assert {p.radicado for p in repo.of_affiliate("CC#1", limit=10, cursor=None).items} == {
        "2026-000001", "2026-000002"}
    assert {p.radicado for p in repo.due_in("2026-04")} == {"2026-000001", "2026-000002"}

    assert not repo.rate("2026-000001", "CC#1", 5, AT)  # not answered yet
    answer = Answer("Respuesta", "CC#9", AT)
    assert repo.answer("2026-000001", answer) and not repo.answer("2026-000001", answer)
    assert not repo.answer("2026-999999", answer)
    assert not repo.rate("2026-000001", "CC#2", 5, AT)  # not the owner's
    assert repo.rate("2026-000001", "CC#1", 5, AT) and not repo.rate("2026-000001", "CC#1", 4, AT)
    done = repo.get("2026-000001")
    assert (done.state, done.answer, done.rating) == (PqrsState.FINALIZADO, answer, 5)
    assert [p.radicado for p in repo.in_state(PqrsState.FINALIZADO, limit=5, cursor=None).items] == ["2026-000001"]
