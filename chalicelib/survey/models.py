"""PynamoDB models of the survey: one item per respondent and period, and the report's counters.

Read and written only through chalicelib/survey/repository.py."""

from __future__ import annotations

from pynamodb.attributes import MapAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.models import Model

from chalicelib.common.db import table

ANSWERED = "RESPONDIDA"
SKIPPED = "OMITIDA"


@table("survey_responses")
class SurveyResponseRecord(Model):
    """A respondent's survey in one period: answered (final) or skipped (until `offer_again_at`)."""

    class Meta:
        table_name = "survey_responses"

    respondent_key = UnicodeAttribute(hash_key=True)  # "<canal>#<tenant_id>#<person_id>"
    period = UnicodeAttribute(range_key=True)  # "AAAA-MM", calendar month in Bogotá
    channel = UnicodeAttribute()
    tenant_id = UnicodeAttribute()  # the provider for channel "proveedores"
    person_id = UnicodeAttribute()
    role = UnicodeAttribute()
    state = UnicodeAttribute()  # ANSWERED | SKIPPED
    offer_again_at = UnicodeAttribute(null=True)  # Bogotá ISO time, while skipped
    answered_at = UnicodeAttribute(null=True)  # Bogotá ISO time
    answers = MapAttribute(null=True)  # question key → level
    request_id = UnicodeAttribute(null=True)  # the answer's write, to recognise our own retried commit


@table("survey_tallies")
class SurveyTally(Model):
    """Answers of one level of one question in one month and channel, on one of a few shards.

    Kept by atomic ADD in the same transaction that stores the answer, so the report reads exact counts with
    one Query per channel (never a Scan); shards spread concurrent answers over several items."""

    class Meta:
        table_name = "survey_tallies"

    channel = UnicodeAttribute(hash_key=True)
    tally_key = UnicodeAttribute(range_key=True)  # "<AAAA-MM>#<pregunta>#<nivel>#<fragmento>"
    count = NumberAttribute(default=0)
