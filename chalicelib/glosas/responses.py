"""The row rules of a provider's glosa response file (seed 002 §8.4), with the seed's exact messages.

Pure: the rows of the file, the stored details they answer and the answers already recorded come in;
one outcome per row comes out ("Resultado del Cargue"), with the answers to record. The response
upload pipeline reads the file with the one bounded reader and records what this decides.

- A row answers a detail when Valor_aceptado_IPS (AL) or Valor_sustentado_IPS (AM) is given; a row
  with neither is left for a later file (a file may answer only some invoices).
- Every detail of an invoice (within its conciliation) must end up answered — before or in this
  file — or each of that invoice's rows is refused.
- An answer after 15 business days (Colombian holidays) from Fecha_Notificacion_Glosa is recorded
  and flagged late (Ley 1438 de 2011 art. 57).
- The response code and description are derived from the values through a catalogue kept as data
  (chalicelib/glosas/data/response_codes.json, Res. 2284 de 2023 codes by default).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache
from importlib import resources
from typing import NamedTuple

from chalicelib.common.business_days import add_business_days

RESPONSE_DAYS = 15  # business days for the IPS to answer (Ley 1438 de 2011 art. 57)

REFUSED = "Respuesta no registrada - "  # the seed's prefix of every row not recorded
NOT_FOUND = f"{REFUSED}El registro no existe entre las glosas del prestador"
INCOMPLETE_INVOICE = "Respuesta no registrada – El registro no cuenta con respuesta para completar factura."
ALREADY_ANSWERED = f"{REFUSED}El registro ya cuenta con una respuesta registrada previamente."
LATE = (f"{REFUSED}La fecha límite para dar respuesta a esta glosa fue superada, de todas maneras, "
        "la respuesta fue cargada al sistema de la EPS")
OVER_GLOSA = (f"{REFUSED}La sumatoria del valor aceptado y el valor sustentado, supera el valor de "
              "la glosa. Después de ajustar la inconsistencia se deberá iniciar el punto 8.4 de este instructivo "
              "desde su cargue nuevamente.")
RECORDED = "Respuesta registrada"
NO_ANSWER = "Sin respuesta en este archivo"


# Tuples: a file of 50,000 lines builds one of each per line, and a frozen dataclass costs several times as much to
# build.
class ResponseRow(NamedTuple):
    line: int
    detail_key: str  # "<conciliación>#<prefijo>#<sufijo>#<consecutivo detalle>"
    accepted: int | None  # AL
    sustained: int | None  # AM
    credit_note: str | None  # AN
    observations: str | None  # AO
    error: str | None = None  # why the row itself cannot be read (its result, already worded)

    @property
    def answers(self) -> bool:
        return self.accepted is not None or self.sustained is not None


class StoredDetail(NamedTuple):
    detail_key: str
    invoice: str  # "<conciliación>#<prefijo>#<sufijo>": the unit that must be answered whole
    glosa_value: int
    notified: date


class Answer(NamedTuple):
    detail_key: str
    answered_on: date
    code: str
    description: str
    accepted: int
    sustained: int
    credit_note: str | None
    observations: str | None
    late: bool


class Outcome(NamedTuple):
    line: int
    result: str  # the "Resultado del Cargue" cell
    answer: Answer | None = None  # what to record, when the row is recorded


@cache  # a file of 50,000 lines holds a few notification dates
def deadline(notified: date, business_days: int = RESPONSE_DAYS) -> date:
    """The last day to answer: `business_days` working days after the notification (no weekends, no Colombian
    holidays)."""
    return add_business_days(notified, business_days)


@cache
def _derived_codes() -> dict[str, dict[str, str]]:
    raw = (resources.files(__package__) / "data" / "response_codes.json").read_text("utf-8")
    return json.loads(raw)["derived"]


def response_code(glosa_value: int, accepted: int) -> tuple[str, str]:
    kind = "aceptada_total" if accepted >= glosa_value else "aceptada_parcial" if accepted > 0 else "no_aceptada"
    entry = _derived_codes()[kind]
    return entry["code"], entry["description"]


def evaluate(rows: Iterable[ResponseRow], details: Mapping[str, StoredDetail], answered: set[str],
             today: date) -> list[Outcome]:
    """One outcome per row, in the file's order. `details`: every stored detail of the provider's invoices the
    file names (all their lines, answered or not);
    `answered` the detail keys that already have an answer. A row refused for itself leaves its invoice
    incomplete, so the invoice's other rows are refused too."""
    rows = list(rows)
    refusals: dict[int, str] = {}
    valid: set[str] = set()
    touched: set[str] = set()  # the invoices some row of the file answers
    for row in rows:
        detail = details.get(row.detail_key)
        answers = row.accepted is not None or row.sustained is not None
        if answers and detail is not None:
            touched.add(detail.invoice)
        refusal = _refusal(row, answers, detail, answered, valid)
        if refusal:
            refusals[row.line] = refusal
        elif answers:
            valid.add(row.detail_key)
    complete = _complete_invoices(details, answered | valid)
    outcomes = []
    for row in rows:
        refusal = refusals.get(row.line)
        if refusal:
            outcomes.append(Outcome(row.line, refusal))
            continue
        detail = details[row.detail_key]  # a row without one is refused
        if row.accepted is None and row.sustained is None:  # left for a later file, unless its invoice is being
            part = detail.invoice in touched and detail.invoice not in complete  # answered in part
            outcomes.append(Outcome(row.line, INCOMPLETE_INVOICE if part else NO_ANSWER))
        elif detail.invoice not in complete:
            outcomes.append(Outcome(row.line, INCOMPLETE_INVOICE))
        else:
            outcomes.append(_recorded(row, detail, today))
    return outcomes


def _refusal(row: ResponseRow, answers: bool, detail: StoredDetail | None, answered: set[str],
             answered_here: set[str]) -> str | None:
    if row.error:
        return row.error
    if detail is None:
        return NOT_FOUND if answers else NO_ANSWER
    if not answers:
        return None
    if detail.detail_key in answered or detail.detail_key in answered_here:  # before, or earlier in this file
        return ALREADY_ANSWERED
    if (row.accepted or 0) + (row.sustained or 0) > detail.glosa_value:
        return OVER_GLOSA
    return None


def _complete_invoices(details: Mapping[str, StoredDetail], answered: set[str]) -> set[str]:
    invoices: dict[str, bool] = {}
    for detail in details.values():
        invoices[detail.invoice] = invoices.get(detail.invoice, True) and detail.detail_key in answered
    return {invoice for invoice, whole in invoices.items() if whole}


def _recorded(row: ResponseRow, detail: StoredDetail, today: date) -> Outcome:
    accepted, sustained = row.accepted or 0, row.sustained or 0
    late = today > deadline(detail.notified)
    code, description = response_code(detail.glosa_value, accepted)
    answer = Answer(detail.detail_key, today, code, description, accepted, sustained, row.credit_note,
                    row.observations, late)
    return Outcome(row.line, LATE if late else RECORDED, answer)
