"""CSAT, CES, NPS and % resolved of one month × channel, from exact answer counts (no sampling, no floats
until the rounded figure). A month with no answers has counts of zero and indicators `None`, not 0 %.

Definitions (docs/survey.md):
- CSAT: % of answers "Satisfecho" or "Muy Satisfecho".
- CES: % of answers "Fácil" or "Muy Fácil" (top-2-box, read like CSAT); `ces_promedio` is the mean ease on
  1 (Muy difícil) … 5 (Muy Fácil).
- NPS: % promoters (9–10) − % detractors (0–6), in percentage points (−100 … 100).
- Resuelto: % "Sí".
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from chalicelib.survey.questions import EASE, QUESTIONS, RECOMMENDATION, RESOLVED, SATISFACTION
from chalicelib.survey.schemas import IndicatorRow

SATISFIED = ("SATISFECHO", "MUY_SATISFECHO")
EASY = ("FACIL", "MUY_FACIL")
PROMOTERS = ("9", "10")
DETRACTORS = tuple(str(n) for n in range(7))
EASE_POINTS = {option.level: points for points, option in enumerate(EASE.options, start=1)}


def rounded(value: Fraction | None, places: str = "0.1") -> float | None:
    """Halves away from zero (as people round by hand)."""
    if value is None:
        return None
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal(places), rounding=ROUND_HALF_UP))


def share(counts: Mapping[str, int], levels: tuple[str, ...], total: int) -> Fraction | None:
    return Fraction(100 * sum(counts.get(level, 0) for level in levels), total) if total else None


def indicator_row(month: str, channel: str, counts: Mapping[str, Mapping[str, int]]) -> IndicatorRow:
    """`counts`: question key → level → answers (missing levels count 0)."""
    full = {q.key: {level: int(counts.get(q.key, {}).get(level, 0)) for level in q.levels} for q in QUESTIONS}
    total = sum(full[SATISFACTION.key].values())  # every answer has the four questions
    nps_counts = full[RECOMMENDATION.key]
    promoters = sum(nps_counts[v] for v in PROMOTERS)
    detractors = sum(nps_counts[v] for v in DETRACTORS)
    ease = full[EASE.key]
    nps = share(nps_counts, PROMOTERS, total) - share(nps_counts, DETRACTORS, total) if total else None
    mean_ease = Fraction(sum(EASE_POINTS[level] * n for level, n in ease.items()), total) if total else None
    return IndicatorRow(
        mes=month, canal=channel, respuestas=total,
        csat=rounded(share(full[SATISFACTION.key], SATISFIED, total)), ces=rounded(share(ease, EASY, total)),
        ces_promedio=rounded(mean_ease, "0.01"),
        nps=rounded(nps), resuelto=rounded(share(full[RESOLVED.key], ("SI",), total)),
        promotores=promoters, pasivos=total - promoters - detractors, detractores=detractors, conteos=full)
