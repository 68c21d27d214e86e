"""The four questions of the seed's "Encuesta de Satisfacción", their allowed values and Spanish labels.

The same questions serve every channel (the affiliates' portal asks them too, seed 003 §4.6)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Channel(StrEnum):
    PROVEEDORES = "proveedores"
    AFILIADOS = "afiliados"


@dataclass(frozen=True, slots=True)
class Option:
    value: str | int  # what the API lists and accepts: a code, or a whole number for the 0–10 scale
    label: str

    @property
    def level(self) -> str:
        """The option as the counters and stored answers key it."""
        return str(self.value)


@dataclass(frozen=True, slots=True)
class Question:
    key: str
    text: str
    options: tuple[Option, ...]
    hint: str | None = None

    @property
    def levels(self) -> tuple[str, ...]:
        return tuple(option.level for option in self.options)


SATISFACTION = Question("satisfaccion", "¿Qué tan satisfecho te sientes con la experiencia en la oficina virtual?", (
    Option("INSATISFECHO", "Insatisfecho"), Option("POCO_SATISFECHO", "Poco Satisfecho"), Option("NEUTRO", "Neutro"),
    Option("SATISFECHO", "Satisfecho"), Option("MUY_SATISFECHO", "Muy Satisfecho")))
EASE = Question("facilidad", "¿Qué tan fácil fue utilizar la oficina virtual?", (
    Option("MUY_DIFICIL", "Muy difícil"), Option("DIFICIL", "Difícil"), Option("NEUTRO", "Neutro"),
    Option("FACIL", "Fácil"), Option("MUY_FACIL", "Muy Fácil")))
RECOMMENDATION = Question(
    "recomendacion", "¿Qué tan probable es que recomiendes a un amigo o familiar la oficina virtual de SOS para "
    "realizar sus solicitudes y consultas?", tuple(Option(n, str(n)) for n in range(11)),
    hint="Por favor califica de 0 a 10, donde 0 es no recomiendo y 10 sí recomiendo")
RESOLVED = Question("resuelto", "¿Resolví tu inquietud?", (Option("SI", "Sí"), Option("NO", "No")))

QUESTIONS = (SATISFACTION, EASE, RECOMMENDATION, RESOLVED)
