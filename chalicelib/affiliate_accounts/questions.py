"""The three identity questions of "Registra" (dirección, fecha de nacimiento, teléfono), from `afiliados`.

Four options and "Ninguna de las anteriores", which is the right one when the datum is missing. The wrong options
are generated (never another affiliate's data: nothing is drawn from the table) and plausible (the shape of the
real datum), from a random source seeded with a keyed hash of the identity: the same options on every try, so
retrying does not reveal the right one by elimination, and nobody without the key can predict them."""

from __future__ import annotations

import hashlib
import hmac
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from chalicelib.affiliates.types import Affiliate

NONE_OF_THE_ABOVE = "Ninguna de las anteriores"
OPTIONS = 4
_STREETS = ("CALLE", "CARRERA", "AVENIDA", "TRANSVERSAL", "DIAGONAL")


@dataclass(frozen=True, slots=True)
class Question:
    key: str  # direccion | fecha_nacimiento | telefono
    text: str
    options: tuple[str, ...]
    answer: str


def _address(rng: random.Random) -> str:
    suffix = rng.choice(("", "", "A", "B", " BIS"))
    return f"{rng.choice(_STREETS)} {rng.randint(1, 120)}{suffix} # {rng.randint(1, 99)}-{rng.randint(1, 99)}"


def _birth_date(real: date | None) -> Callable[[random.Random], str]:
    center = real or date(1980, 6, 15)

    def make(rng: random.Random) -> str:
        shifted = center + timedelta(days=rng.choice((-1, 1)) * rng.randint(40, 8 * 365))
        return shifted.strftime("%d/%m/%Y")
    return make


def _phone(real: str | None) -> Callable[[random.Random], str]:
    """Same length and prefix as the real number (a celular stays a celular, a fixed line keeps its area)."""
    shape = real if real and real.isdigit() and len(real) >= 7 else "3000000000"
    keep = 3 if shape.startswith("3") else 3 if shape.startswith("60") else 1

    def make(rng: random.Random) -> str:
        return shape[:keep] + "".join(str(rng.randint(0, 9)) for _ in range(len(shape) - keep))
    return make


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().upper())


def _question(key: str, text: str, real: str | None, decoy: Callable[[random.Random], str],
              rng: random.Random) -> Question:
    seen = {_fold(real)} if real else set()
    options: list[str] = [real] if real else []
    while len(options) < OPTIONS:  # the real datum and three decoys, or four decoys
        candidate = decoy(rng)
        if _fold(candidate) not in seen:
            seen.add(_fold(candidate))
            options.append(candidate)
    rng.shuffle(options)
    return Question(key, text, (*options, NONE_OF_THE_ABOVE), real or NONE_OF_THE_ABOVE)


def identity_questions(affiliate: Affiliate, key: bytes) -> list[Question]:
    """The questions for `affiliate`; `key` keeps the decoys unpredictable (keys.derived_key in wiring)."""
    def rng(name: str) -> random.Random:
        seed = hmac.new(key, f"{affiliate.identity}|{name}".encode(), hashlib.sha256).digest()
        return random.Random(int.from_bytes(seed, "big"))

    contact = affiliate.contact
    address = (contact.direccion_residencia or "").strip() or None
    born = affiliate.fecha_nacimiento
    phone = (contact.celular or contact.telefono_residencia or "").strip() or None
    return [
        _question("direccion", "¿Cuál es su dirección de residencia?", address, _address, rng("direccion")),
        _question("fecha_nacimiento", "¿Cuál es su fecha de nacimiento?", born.strftime("%d/%m/%Y") if born else None,
                  _birth_date(born), rng("fecha_nacimiento")),
        _question("telefono", "¿Cuál de estos números de teléfono tiene registrado en la EPS?", phone, _phone(phone),
                  rng("telefono")),
    ]


def all_right(questions: list[Question], answers: dict[str, str]) -> bool:
    return all(_fold(answers.get(q.key, "")) == _fold(q.answer) for q in questions)
