"""The survey for a respondent (offer, answer, skip) and the operators' report. No AWS here: the store
(repository or in-memory fake) and the clock are handed in.

Rules (docs/survey.md): one answer per respondent and calendar month in Bogotá; a skip postpones the offer
7 days without closing the month; the answer is final for the month, written with its counters atomically."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from chalicelib.common import clock
from chalicelib.common.clock import BOGOTA
from chalicelib.common.errors import Conflict
from chalicelib.common.files import XLSX_CONTENT_TYPE, FileDownload
from chalicelib.survey import workbook
from chalicelib.survey.indicators import indicator_row
from chalicelib.survey.periods import ReportQuery, months_between, next_period_start, period_of
from chalicelib.survey.questions import QUESTIONS
from chalicelib.survey.schemas import (
    OptionView,
    QuestionView,
    SurveyAnswerBody,
    SurveyOffer,
    SurveyReceipt,
    SurveyReport,
    SurveySeries,
)
from chalicelib.survey.store import AnswerToStore, Respondent, SkipToStore, SurveyStore

SKIP_POSTPONES = timedelta(days=7)
THANKS = "Gracias por responder la encuesta"
POSTPONED = "Te recordaremos la encuesta más adelante"
ALREADY_ANSWERED = "Ya respondiste la encuesta de este mes. Podrás responderla de nuevo desde el {fecha}"
SERIES = (("CSAT", "%", "csat"), ("CES", "%", "ces"), ("NPS", "puntos porcentuales", "nps"),
          ("Resuelto", "%", "resuelto"), ("Respuestas", "respuestas", "respuestas"))
QUESTION_VIEWS = [QuestionView(clave=q.key, pregunta=q.text, ayuda=q.hint,
                               opciones=[OptionView(valor=o.value, etiqueta=o.label) for o in q.options])
                  for q in QUESTIONS]


class SurveyService:
    def __init__(self, store: SurveyStore, *, now: Callable[[], datetime] = clock.now,
                 new_id: Callable[[], str] = lambda: uuid.uuid4().hex, skip_postpones: timedelta = SKIP_POSTPONES):
        self._store = store
        self._now = now
        self._new_id = new_id
        self._skip_postpones = skip_postpones

    def offer(self, respondent: Respondent) -> SurveyOffer:
        now = self._bogota_now()
        period = period_of(now)
        state = self._store.state(respondent, period)
        offer = SurveyOffer(ofrecer=True, puede_responder=True, periodo=period, proxima_fecha=None,
                            preguntas=QUESTION_VIEWS)
        if state is not None and state.answered:
            return offer.model_copy(update={"ofrecer": False, "puede_responder": False,
                                            "proxima_fecha": next_period_start(period).isoformat()})
        if state is not None and state.offer_again_at and now < datetime.fromisoformat(state.offer_again_at):
            return offer.model_copy(update={"ofrecer": False, "proxima_fecha": state.offer_again_at[:10]})
        return offer

    def answer(self, respondent: Respondent, body: SurveyAnswerBody) -> SurveyReceipt:
        now = self._bogota_now()
        period = period_of(now)
        stored = self._store.save_answer(AnswerToStore(respondent, period, now.isoformat(timespec="seconds"),
                                                       body.levels(), self._new_id()))
        following = next_period_start(period).isoformat()
        if not stored:
            raise Conflict(ALREADY_ANSWERED.format(fecha=following), code="SURVEY_ALREADY_ANSWERED")
        return SurveyReceipt(mensaje=THANKS, periodo=period, proxima_fecha=following)

    def skip(self, respondent: Respondent) -> SurveyReceipt:
        now = self._bogota_now()
        period = period_of(now)
        again = (now + self._skip_postpones).isoformat(timespec="seconds")
        if not self._store.save_skip(SkipToStore(respondent, period, again)):
            raise Conflict(ALREADY_ANSWERED.format(fecha=next_period_start(period).isoformat()),
                           code="SURVEY_ALREADY_ANSWERED")
        return SurveyReceipt(mensaje=POSTPONED, periodo=period, proxima_fecha=again[:10])

    def report(self, params: dict) -> SurveyReport:
        query = ReportQuery.parse(params, period_of(self._now()))
        months = months_between(query.first, query.last)
        rows, series = [], []
        for channel in query.channels:
            tallies = self._store.tallies(channel.value, query.first, query.last)
            channel_rows = [indicator_row(month, channel.value, tallies.get(month, {})) for month in months]
            rows += channel_rows
            series += [SurveySeries(indicador=name, canal=channel.value, unidad=unit, etiquetas=months,
                              valores=[getattr(row, field) for row in channel_rows]) for name, unit, field in SERIES]
        return SurveyReport(desde=query.first, hasta=query.last, canales=[c.value for c in query.channels],
                            filas=rows, series=series)

    def report_workbook(self, params: dict) -> FileDownload:
        report = self.report(params)
        return FileDownload(f"encuesta_{report.desde}_{report.hasta}.xlsx", XLSX_CONTENT_TYPE,
                            workbook.build(report), report.records_read)

    def _bogota_now(self) -> datetime:
        return self._now().astimezone(BOGOTA)
