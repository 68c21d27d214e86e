"""A hand-counted set of answers and the indicators worked out by hand from them."""

from __future__ import annotations

# November 2026, 10 answers: (satisfaccion, facilidad, recomendacion, resuelto)
NOVEMBER = [
    ("MUY_SATISFECHO", "MUY_FACIL", 10, "SI"), ("MUY_SATISFECHO", "MUY_FACIL", 10, "SI"),
    ("MUY_SATISFECHO", "FACIL", 9, "SI"), ("SATISFECHO", "FACIL", 8, "SI"), ("SATISFECHO", "FACIL", 7, "SI"),
    ("SATISFECHO", "NEUTRO", 6, "SI"), ("SATISFECHO", "NEUTRO", 5, "NO"), ("NEUTRO", "DIFICIL", 3, "NO"),
    ("POCO_SATISFECHO", "DIFICIL", 0, "NO"), ("INSATISFECHO", "MUY_DIFICIL", 0, "NO"),
]
# CSAT 7/10 = 70 %; CES (Fácil + Muy Fácil) 5/10 = 50 %, mean (2·5 + 3·4 + 2·3 + 2·2 + 1·1)/10 = 3.3;
# NPS 3 promoters (10, 10, 9) − 5 detractors (6, 5, 3, 0, 0) of 10 = 30 − 50 = −20 points; resolved 6/10 = 60 %.
NOVEMBER_EXPECTED = {"respuestas": 10, "csat": 70.0, "ces": 50.0, "ces_promedio": 3.3, "nps": -20.0,
                     "resuelto": 60.0, "promotores": 3, "pasivos": 2, "detractores": 5}

# December 2026, 3 answers: thirds exercise the rounding.
DECEMBER = [("SATISFECHO", "FACIL", 9, "SI"), ("NEUTRO", "FACIL", 9, "NO"), ("INSATISFECHO", "MUY_FACIL", 7, "NO")]
# CSAT 1/3 = 33.3 %; CES 3/3 = 100 %, mean (4 + 4 + 5)/3 = 4.33; NPS 2/3 − 0 = 66.7 points; resolved 1/3 = 33.3 %.
DECEMBER_EXPECTED = {"respuestas": 3, "csat": 33.3, "ces": 100.0, "ces_promedio": 4.33, "nps": 66.7,
                     "resuelto": 33.3, "promotores": 2, "pasivos": 1, "detractores": 0}

# A month without answers: counts 0, indicators null (no division by zero).
EMPTY_EXPECTED = {"respuestas": 0, "csat": None, "ces": None, "ces_promedio": None, "nps": None, "resuelto": None,
                  "promotores": 0, "pasivos": 0, "detractores": 0}


def body(answer: tuple) -> dict:
    satisfaccion, facilidad, recomendacion, resuelto = answer
    return {"satisfaccion": satisfaccion, "facilidad": facilidad, "recomendacion": recomendacion,
            "resuelto": resuelto}
