"""One invoice of the provider's file against the EPS's view: the balance the EPS recognises and why.

    saldo reconocido = valor radicado − pagado − aceptado por la IPS − glosa en discusión   (never below 0)
    glosa en discusión = glosado − aceptado por la IPS − levantado                           (never below 0)

An invoice the EPS does not have, or has returned (devuelta) or not filed, is owed nothing until it is
filed; a glosa the IPS accepted is a definitive discount; a lifted glosa is owed again; a glosa still
being discussed is not recognised while it lasts. The difference is what the provider declares minus
what the EPS recognises (positive: the provider expects more than the EPS recognises).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple

from chalicelib.cartera.eps_reads import EpsInvoice
from chalicelib.cartera.result_file import RESULT_COLUMNS
from chalicelib.common.xlsx_tables import excel_serial
from chalicelib.eps.states import INVOICE_STATE_LABELS, InvoiceState, invoice_key
from chalicelib.ingest.schema import TypedRow

NOT_FOUND = "No registrada en la EPS"
FOUND_CELLS = ("Sí", "No")  # "Encontrada en la EPS"
_NOTHING_OWED = {InvoiceState.NO_RADICADA, InvoiceState.DEVUELTA}
_STATES = {state.value: (state, INVOICE_STATE_LABELS[state]) for state in InvoiceState}  # stored value → (state, label)
_NO_EPS_VALUES = (None,) * 8  # "Valor radicado EPS" … "Fecha último pago" of an invoice the EPS does not have


def pesos(value: int) -> str:
    return f"${value:,}".replace(",", ".")


class Reconciled(NamedTuple):
    found: bool
    estado: str  # Spanish label (or NOT_FOUND)
    glosa_en_discusion: int
    saldo_reconocido: int
    diferencia: int
    observacion: str


@lru_cache(maxsize=4096)  # a file repeats a few hundred dates
def _serial(iso: str | None) -> int | None:
    return excel_serial(iso) if iso else None


def reconciled_line(fila: int, row: TypedRow, eps: EpsInvoice | None) -> list:
    """The row of the result's Conciliación sheet (result_file.RESULT_COLUMNS, JSON-safe: dates as Excel serial
    numbers) for line `fila` of the file, `eps` the EPS's view of its invoice. Built in one step per row, the
    reconciliation and its cells together: made 50,000 times a file."""
    declared = row["saldo_factura"]
    line = [fila, row["numero_factura"], row["prefijo"], row["sufijo"], _serial(row["fecha_factura"]),
            row["valor_factura"], declared]
    if eps is None:
        line += (FOUND_CELLS[1], None, None, NOT_FOUND, *_NO_EPS_VALUES, 0, declared, "Factura no radicada en la EPS")
        return line
    state, label = _STATES.get(eps.estado) or (None, eps.estado)
    disputed = max(0, eps.valor_glosado - eps.valor_aceptado_ips - eps.valor_levantado)
    if state in _NOTHING_OWED:
        recognised = 0
    else:
        recognised = max(0, eps.valor_factura - eps.valor_pagado - eps.valor_aceptado_ips - disputed)
    note = _state_note(state, eps, disputed, recognised)  # never empty
    if eps.valor_factura != row["valor_factura"]:
        note = f"{note}; Valor factura diferente: la EPS tiene radicado {pesos(eps.valor_factura)}"
    difference = declared - recognised
    if difference:
        note = f"{note}; Saldo diferente: la EPS reconoce {pesos(recognised)}"
    line += (FOUND_CELLS[0], eps.numero_radicado, _serial(eps.fecha_radicacion), label, eps.valor_factura,
             eps.valor_glosado, eps.valor_aceptado_ips, eps.valor_levantado, disputed, eps.valor_pagado,
             eps.ultimo_pago, _serial(eps.fecha_ultimo_pago), recognised, difference, note)
    return line


_AT = {title: position for position, (title, _, _) in enumerate(RESULT_COLUMNS)}
_OUTCOME = itemgetter(*(_AT[title] for title in ("Estado EPS", "Glosa en discusión", "Saldo reconocido EPS",
                                                  "Diferencia", "Observación")))


def reconcile(row: TypedRow, eps: EpsInvoice | None) -> Reconciled:
    """The outcome of one invoice: the reconciled cells of its line."""
    return Reconciled(eps is not None, *_OUTCOME(reconciled_line(0, row, eps)))


def _state_note(state: InvoiceState | None, eps: EpsInvoice, disputed: int, recognised: int) -> str:
    if state is InvoiceState.DEVUELTA:
        return "Factura devuelta: debe radicarse de nuevo"
    if state is InvoiceState.NO_RADICADA:
        return "Factura no radicada"
    if eps.valor_pagado and recognised == 0 and not disputed:
        return "Pagada totalmente"
    if disputed and eps.glosa_sin_respuesta:
        return "Glosa pendiente de respuesta de la IPS"
    if disputed:
        return "Glosa en revisión de la EPS"
    if eps.valor_pagado:
        return "Pagada parcialmente"
    return "Pendiente de pago"


@dataclass
class Summary:
    """Counts and sums by EPS state, and the file's totals: the result's summary sheet and email."""

    rows: int = 0
    rejected: int = 0
    found: int = 0
    declared: int = 0
    recognised: int = 0
    by_state: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))

    @classmethod
    def of_lines(cls, lines: list[list], rejected: int) -> Summary:
        """The summary of the Conciliación lines (reconciled_line) of a file, `rejected` rows apart."""
        states, declared, recognised = (list(map(itemgetter(_AT[title]), lines)) for title in _SUMMED)
        summary = cls(rows=len(lines), rejected=rejected, declared=sum(declared), recognised=sum(recognised),
                      found=list(map(itemgetter(_AT[_FOUND]), lines)).count(FOUND_CELLS[0]))
        by_state = summary.by_state
        for state, saldo, reconocido in zip(states, declared, recognised, strict=True):
            entry = by_state[state]
            entry[0] += 1
            entry[1] += saldo
            entry[2] += reconocido
        return summary

    def as_dict(self) -> dict:
        return {"filas_conciliadas": self.rows, "filas_con_errores": self.rejected, "encontradas": self.found,
                "saldo_declarado": self.declared, "saldo_reconocido": self.recognised,
                "diferencia": self.declared - self.recognised,
                "por_estado": {state: {"facturas": c, "saldo_declarado": d, "saldo_reconocido": r}
                               for state, (c, d, r) in sorted(self.by_state.items())}}


_SUMMED = ("Estado EPS", "Saldo factura", "Saldo reconocido EPS")
_FOUND = "Encontrada en la EPS"


def reconcile_file(valid: Sequence[tuple[int, TypedRow]], view: Mapping[str, EpsInvoice], rejected: int,
                   keys: Sequence[str] | None = None) -> tuple[list[list], Summary]:
    """Every valid (line, row) of a file against the EPS's `view` (by invoice key; `keys`: the rows' keys when the
    caller built them to read the view): the result lines (reconciled_line) and the summary, `rejected`
    rows counted apart."""
    if keys is None:
        keys = [invoice_key(row["prefijo"], row["sufijo"]) for _, row in valid]
    lines = list(map(_line, valid, map(view.get, keys)))
    return lines, Summary.of_lines(lines, rejected)


def _line(numbered: tuple[int, TypedRow], eps: EpsInvoice | None) -> list:
    return reconciled_line(*numbered, eps)
