"""The survey's rules on an in-memory store: once per Bogotá month, skip postpones, report indicators."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.common.clock import BOGOTA
from chalicelib.common.errors import Conflict, InvalidInput
from chalicelib.survey.indicators import indicator_row
from chalicelib.survey.questions import Channel
from chalicelib.survey.schemas import SurveyAnswerBody
from chalicelib.survey.service import SurveyService
from chalicelib.survey.store import Respondent
from tests.unit.survey.answers import (
    DECEMBER,
    DECEMBER_EXPECTED,
    EMPTY_EXPECTED,
    NOVEMBER,
    NOVEMBER_EXPECTED,
    body,
)
from tests.unit.survey.fakes import FakeSurveyStore

ANA = Respondent(Channel.PROVEEDORES, "NI#900123456", "CC#1000000001", "ADMINISTRADOR")
LUIS = Respondent(Channel.PROVEEDORES, "NI#900123456", "CC#79000001", "DELEGADO")
ANSWER = SurveyAnswerBody.model_validate(body(NOVEMBER[0]))


class Clock:
    def __init__(self, moment: datetime):
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture
def clock():
    # 23:30 on 30 November in Bogotá is already 1 December in UTC: the period follows Bogotá.
    return Clock(datetime(2026, 11, 30, 23, 30, tzinfo=BOGOTA))


@pytest.fixture
def store():
    return FakeSurveyStore()


@pytest.fixture
def service(store, clock):
    ids = iter(range(1000))
    return SurveyService(store, now=clock, new_id=lambda: f"req{next(ids)}")


def test_offered_until_answered_then_not_until_the_next_bogota_month(service, clock):
    offer = service.offer(ANA)
    assert (offer.ofrecer, offer.puede_responder, offer.periodo, offer.proxima_fecha) == (True, True, "2026-11", None)
    assert [q.clave for q in offer.preguntas] == ["satisfaccion", "facilidad", "recomendacion", "resuelto"]
    receipt = service.answer(ANA, ANSWER)
    assert (receipt.periodo, receipt.proxima_fecha) == ("2026-11", "2026-12-01")
    offer = service.offer(ANA)
    assert (offer.ofrecer, offer.puede_responder, offer.proxima_fecha) == (False, False, "2026-12-01")
    clock.moment = datetime(2026, 11, 30, 23, 59, 59, tzinfo=BOGOTA)
    with pytest.raises(Conflict) as refused:
        service.answer(ANA, ANSWER)
    assert refused.value.code == "SURVEY_ALREADY_ANSWERED" and "2026-12-01" in refused.value.message
    with pytest.raises(Conflict):
        service.skip(ANA)
    clock.moment = datetime(2026, 12, 1, 5, 0, tzinfo=UTC)  # 00:00 in Bogotá
    assert service.offer(ANA).ofrecer is True
    assert service.answer(ANA, ANSWER).periodo == "2026-12"


def test_one_users_answer_does_not_close_anothers(service, store):
    service.answer(ANA, ANSWER)
    assert service.offer(LUIS).ofrecer is True
    other_channel = Respondent(Channel.AFILIADOS, ANA.tenant_id, ANA.person_id, ANA.role)
    assert service.offer(other_channel).ofrecer is True
    service.answer(LUIS, ANSWER)
    assert len(store.answers) == 2


def test_skip_postpones_seven_days_and_the_icon_still_answers(service, clock):
    receipt = service.skip(ANA)
    assert receipt.proxima_fecha == "2026-12-07"
    clock.moment = datetime(2026, 11, 10, 9, 0, tzinfo=BOGOTA)  # earlier in the same period
    service.skip(ANA)
    offer = service.offer(ANA)
    assert (offer.ofrecer, offer.puede_responder, offer.proxima_fecha) == (False, True, "2026-11-17")
    clock.moment += timedelta(days=7)
    assert service.offer(ANA).ofrecer is True
    clock.moment = datetime(2026, 11, 12, 9, 0, tzinfo=BOGOTA)
    service.skip(ANA)
    service.answer(ANA, ANSWER)  # a skip does not use up the month
    assert service.offer(ANA).puede_responder is False


def test_skipped_late_in_the_month_is_offered_in_the_next(service, clock):
    service.skip(ANA)  # 30 November
    clock.moment = datetime(2026, 12, 1, 8, 0, tzinfo=BOGOTA)
    assert service.offer(ANA).ofrecer is True


def _answer_all(service, clock, month_start: datetime, answers) -> None:
    clock.moment = month_start
    for n, answer in enumerate(answers):
        person = Respondent(Channel.PROVEEDORES, "NI#900123456", f"CC#{n}", "DELEGADO")
        service.answer(person, SurveyAnswerBody.model_validate(body(answer)))


def test_report_indicators_by_hand_including_an_empty_month(service, clock):
    _answer_all(service, clock, datetime(2026, 11, 2, tzinfo=BOGOTA), NOVEMBER)
    _answer_all(service, clock, datetime(2026, 12, 2, tzinfo=BOGOTA), DECEMBER)
    report = service.report({"desde": "2026-10", "hasta": "2026-12"})
    assert (report.desde, report.hasta, report.canales) == ("2026-10", "2026-12", ["proveedores", "afiliados"])
    rows = {(r.canal, r.mes): r for r in report.filas}
    assert len(rows) == 6
    expected = {"2026-10": EMPTY_EXPECTED, "2026-11": NOVEMBER_EXPECTED, "2026-12": DECEMBER_EXPECTED}
    for month, figures in expected.items():
        assert rows[("proveedores", month)].model_dump(include=set(figures)) == figures
        assert rows[("afiliados", month)].model_dump(include=set(figures)) == EMPTY_EXPECTED
    november = rows[("proveedores", "2026-11")].conteos
    assert november["recomendacion"] == {"0": 2, "1": 0, "2": 0, "3": 1, "4": 0, "5": 1, "6": 1, "7": 1, "8": 1,
                                         "9": 1, "10": 2}
    assert november["resuelto"] == {"SI": 6, "NO": 4}
    assert report.records_read == 13
    nps = next(s for s in report.series if (s.indicador, s.canal) == ("NPS", "proveedores"))
    assert (nps.etiquetas, nps.valores, nps.unidad) == (["2026-10", "2026-11", "2026-12"], [None, -20.0, 66.7],
                                                        "puntos porcentuales")
    assert {s.indicador for s in report.series} == {"CSAT", "CES", "NPS", "Resuelto", "Respuestas"}


def test_report_defaults_to_twelve_months_and_filters_a_channel(service, clock):
    clock.moment = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)  # still November in Bogotá
    report = service.report({"canal": "afiliados"})
    assert (report.desde, report.hasta, report.canales) == ("2025-12", "2026-11", ["afiliados"])
    assert len(report.filas) == 12


@pytest.mark.parametrize(("params", "field", "message"), [
    ({"desde": "2026-13"}, "desde", "Mes inválido, use AAAA-MM"),
    ({"hasta": "noviembre"}, "hasta", "Mes inválido, use AAAA-MM"),
    ({"hasta": "0000-05"}, "hasta", "Mes inválido, use AAAA-MM"),
    ({"desde": "2026-11", "hasta": "2026-10"}, "hasta", 'El mes "hasta" no puede ser anterior al mes "desde"'),
    ({"desde": "2020-01", "hasta": "2026-10"}, "hasta", "El rango no puede superar 36 meses"),
    ({"canal": "ips"}, "canal", "Valor no permitido. Valores válidos: proveedores, afiliados"),
])
def test_report_refuses_bad_ranges_in_spanish(service, params, field, message):
    with pytest.raises(InvalidInput) as refused:
        service.report(params)
    assert refused.value.details == [{"campo": field, "mensaje": message}]


def test_indicators_from_counts_alone():
    row = indicator_row("2026-11", "proveedores", {"satisfaccion": {"MUY_SATISFECHO": 1, "NEUTRO": 1},
                                                   "facilidad": {"MUY_FACIL": 2}, "recomendacion": {"6": 1, "9": 1},
                                                   "resuelto": {"NO": 2}})
    assert (row.respuestas, row.csat, row.ces, row.ces_promedio, row.nps, row.resuelto) == (2, 50.0, 100.0, 5.0,
                                                                                            0.0, 0.0)
    empty = indicator_row("2026-11", "proveedores", {})
    assert (empty.respuestas, empty.csat, empty.nps, empty.conteos["satisfaccion"]["NEUTRO"]) == (0, None, None, 0)
