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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from chalicelib.cartera.eps_reads import EpsInvoice
from chalicelib.cartera.result_file import result_line
from chalicelib.eps.states import INVOICE_STATE_LABELS, InvoiceState, invoice_key
from chalicelib.ingest.schema import TypedRow

NOT_FOUND = "No registrada en la EPS"
_NOTHING_OWED = {InvoiceState.NO_RADICADA, InvoiceState.DEVUELTA}
_STATES = {state.value: (state, INVOICE_STATE_LABELS[state]) for state in InvoiceState}  # stored value → (state, label)


def pesos(value: int) -> str:
    return "$" + f"{value:,}".replace(",", ".")


class Reconciled(NamedTuple):  # a tuple: made 50,000 times a file, at a third of a frozen dataclass's cost
    found: bool
    estado: str  # Spanish label (or NOT_FOUND)
    glosa_en_discusion: int
    saldo_reconocido: int
    diferencia: int
    observacion: str


def reconcile(row: TypedRow, eps: EpsInvoice | None) -> Reconciled:
    declared = row["saldo_factura"]
    if eps is None:
        return Reconciled(False, NOT_FOUND, 0, 0, declared, "Factura no radicada en la EPS")
    state, label = _STATES.get(eps.estado, (None, eps.estado))
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
    return Reconciled(True, label, disputed, recognised, difference, note)


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

    def add(self, row: TypedRow, result: Reconciled) -> None:
        self.rows += 1
        self.found += result.found
        self.declared += row["saldo_factura"]
        self.recognised += result.saldo_reconocido
        entry = self.by_state[result.estado]
        entry[0] += 1
        entry[1] += row["saldo_factura"]
        entry[2] += result.saldo_reconocido

    def as_dict(self) -> dict:
        return {"filas_conciliadas": self.rows, "filas_con_errores": self.rejected, "encontradas": self.found,
                "saldo_declarado": self.declared, "saldo_reconocido": self.recognised,
                "diferencia": self.declared - self.recognised,
                "por_estado": {state: {"facturas": c, "saldo_declarado": d, "saldo_reconocido": r}
                               for state, (c, d, r) in sorted(self.by_state.items())}}


def reconcile_file(valid: Iterable[tuple[int, TypedRow]], view: Mapping[str, EpsInvoice],
                   rejected: int) -> tuple[list[list], Summary]:
    """Every valid (line, row) of a file against the EPS's `view` (by invoice key): the result lines
    (result_file.result_line) and the summary, `rejected` rows counted apart."""
    summary = Summary(rejected=rejected)
    lines = []
    line, add, eps_of = lines.append, summary.add, view.get
    for fila, row in valid:
        eps = eps_of(invoice_key(row["prefijo"], row["sufijo"]))
        result = reconcile(row, eps)
        add(row, result)
        line(result_line(fila, row, eps, result))
    return lines, summary
