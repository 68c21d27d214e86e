"""The "Acciones" of an OPS (seed 003 lines 776–779): "Copia" only when ENTREGADA; "Pagar" only when the cuota is
above zero, the OPS AUTORIZADA and not expired on Bogotá's date, its recaudo en línea, and no online payment of it
approved or still pending."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from chalicelib.authorizations.types import Ops, OpsEstado

COPIA = "COPIA"
PAGAR = "PAGAR"


def could_pay(ops: Ops, today: date) -> bool:
    """Everything but the payments' state (asked once per page, for these only)."""
    return (ops.valor_cuota > 0 and ops.estado is OpsEstado.AUTORIZADA and not ops.expired_on(today)
            and ops.recaudo_en_linea)


def actions_of(ops: Ops, today: date, blocked: Iterable[str]) -> list[str]:
    found = []
    if ops.estado is OpsEstado.ENTREGADA:
        found.append(COPIA)
    if could_pay(ops, today) and ops.numero_autorizacion not in blocked:
        found.append(PAGAR)
    return found
