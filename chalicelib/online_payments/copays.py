"""The COPAGO Payable: an OPS of the caller or of a minor of theirs, payable online by the seed's rule (Valor
Cuota > 0, AUTORIZADA, not expired, recaudo en línea; the "no approved or pending payment" part is the payments'
own lock). Authorizations' OpsLedger answers what the OPS is and records it paid (ENTREGADA)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from chalicelib.affiliates.household import Households
from chalicelib.affiliates.types import AffiliatePrincipal
from chalicelib.online_payments.types import Charge, OpsLedger, PayableOps

AUTHORIZED = "AUTORIZADA"
COPAY_CONCEPT = "Copagos o cuotas moderadoras"


def payable_online(ops: PayableOps, today: date) -> bool:
    return (ops.valor_cuota > 0 and ops.estado == AUTHORIZED and ops.recaudo_en_linea
            and (ops.vencimiento is None or ops.vencimiento >= today))


class CopayPayable:
    def __init__(self, ledger: OpsLedger, households: Households, today: Callable[[], date]):
        self._ledger = ledger
        self._households = households
        self._today = today

    def describe(self, principal: AffiliatePrincipal, reference: str) -> Charge | None:
        for person in self._households.of(principal.identity).managed:
            ops = self._ledger.payable(person.ref, reference)
            if ops is not None:
                if not payable_online(ops, self._today()):
                    return None
                return Charge(amount=ops.valor_cuota, description=ops.concepto or COPAY_CONCEPT,
                              holder_identity=person.identity, holder_ref=person.ref)
        return None

    def settle(self, holder_ref: str, reference: str, payment_id: str, at: datetime) -> None:
        self._ledger.mark_paid(holder_ref, reference, payment_id, at)
