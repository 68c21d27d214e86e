"""What the survey service needs from storage (the repository, or an in-memory fake in unit tests)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from chalicelib.accounts.permissions import Principal
from chalicelib.common.errors import PermissionDenied
from chalicelib.survey.questions import Channel

Tallies = dict[str, dict[str, dict[str, int]]]  # month → question → level → answers


@dataclass(frozen=True, slots=True)
class Respondent:
    """Who answers: a person of a tenant (the provider, for channel "proveedores") with a role."""

    channel: Channel
    tenant_id: str
    person_id: str
    role: str

    @property
    def key(self) -> str:
        return f"{self.channel.value}#{self.tenant_id}#{self.person_id}"


def provider_respondent(principal: Principal) -> Respondent:
    """The portal of providers' users (any role); the EPS's operators read the report instead."""
    if principal.is_operator:
        raise PermissionDenied("La encuesta es para los usuarios de los prestadores", code="SURVEY_NOT_FOR_OPERATORS")
    return Respondent(Channel.PROVEEDORES, principal.provider_id, principal.person_id, principal.role.value)


def affiliate_respondent(ref: str) -> Respondent:
    """The affiliates' office (seed 003 §4.6): the person by their opaque ref, never a document number."""
    return Respondent(Channel.AFILIADOS, Channel.AFILIADOS.value, ref, "AFILIADO")


@dataclass(frozen=True, slots=True)
class PeriodState:
    answered: bool
    offer_again_at: str | None  # Bogotá ISO time, when skipped
    request_id: str | None = None


@dataclass(frozen=True, slots=True)
class AnswerToStore:
    respondent: Respondent
    period: str
    at: str
    levels: dict[str, str]  # question key → level
    request_id: str


@dataclass(frozen=True, slots=True)
class SkipToStore:
    respondent: Respondent
    period: str
    offer_again_at: str


class SurveyStore(Protocol):
    def state(self, respondent: Respondent, period: str) -> PeriodState | None: ...

    def save_answer(self, answer: AnswerToStore) -> bool:
        """Store the answer and add it to the counters, atomically; False if the period was already answered."""
        ...

    def save_skip(self, skip: SkipToStore) -> bool:
        """False if the period was already answered."""
        ...

    def tallies(self, channel: str, first_month: str, last_month: str) -> Tallies: ...
