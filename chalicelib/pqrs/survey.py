"""Contáctenos > Encuesta (seed 003 §4.6): the providers' survey (chalicelib/survey), channel "afiliados", answered
by the logged-in affiliate; the respondent is their opaque ref, looked up from the token's identity."""

from __future__ import annotations

from chalicelib.affiliates.ports import AffiliateDirectory
from chalicelib.affiliates.types import AffiliatePrincipal
from chalicelib.common.errors import NotFound
from chalicelib.survey.schemas import SurveyAnswerBody, SurveyOffer, SurveyReceipt
from chalicelib.survey.service import SurveyService
from chalicelib.survey.store import Respondent, affiliate_respondent

NOT_FOUND = "No encontramos sus datos de afiliado"


class AffiliateSurvey:
    def __init__(self, survey: SurveyService, directory: AffiliateDirectory):
        self._survey = survey
        self._directory = directory

    def offer(self, principal: AffiliatePrincipal) -> SurveyOffer:
        return self._survey.offer(self._respondent(principal))

    def answer(self, principal: AffiliatePrincipal, body: SurveyAnswerBody) -> SurveyReceipt:
        return self._survey.answer(self._respondent(principal), body)

    def skip(self, principal: AffiliatePrincipal) -> SurveyReceipt:
        return self._survey.skip(self._respondent(principal))

    def _respondent(self, principal: AffiliatePrincipal) -> Respondent:
        person = self._directory.find(principal.identity)
        if person is None:
            raise NotFound(NOT_FOUND, code="PERSON_NOT_FOUND")
        return affiliate_respondent(person.ref)
