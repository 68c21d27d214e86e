"""A PAC invoice as something the payments gateway collects (kind "FACTURA_PAC"): only the caller's own invoice
with saldo, for its whole saldo; once approved it is shown paid until an extract confirms it (PAY's `Payable`
port calls these)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import NamedTuple

from chalicelib.affiliate_finance.ports import FinanceReads
from chalicelib.affiliates.types import AffiliatePrincipal

KIND = "FACTURA_PAC"
_NUMBER = re.compile(r"^[A-Z0-9]{1,20}$")


class PayableAmount(NamedTuple):
    """The shape of the gateway's `Charge` (chalicelib/online_payments/types.py)."""
    amount: int  # whole pesos
    description: str
    holder_identity: str
    holder_ref: str


class PacInvoicePayable:
    kind = KIND

    def __init__(self, reads: FinanceReads, ref_of: Callable[[str], str]):
        self._reads = reads
        self._ref_of = ref_of

    def describe(self, principal: AffiliatePrincipal, reference: str) -> PayableAmount | None:
        """None (the gateway answers 404) for an unknown number, another's invoice or one with nothing to pay."""
        numero = reference.strip().upper()
        if not _NUMBER.match(numero):
            return None
        invoice = self._reads.invoice(principal.identity, numero)
        if invoice is None or not invoice.open:
            return None
        return PayableAmount(invoice.saldo, f"Factura PAC {invoice.numero_factura} — {invoice.plan}, periodo "
                                            f"{invoice.periodo}", principal.identity, self._ref_of(principal.identity))

    def settle(self, holder_ref: str, reference: str, payment_id: str, at: datetime) -> None:
        self._reads.settle(reference.strip().upper(), payment_id, at)
