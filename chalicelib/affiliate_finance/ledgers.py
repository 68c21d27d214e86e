"""What the certificates read of the financial extracts (CERT consumes these for paz y salvo and retención PAC)."""

from __future__ import annotations

from datetime import date

from chalicelib.affiliate_finance.ports import FinanceReads


class PbsDebts:
    def __init__(self, reads: FinanceReads):
        self._reads = reads

    def owed_until(self, aportante_identity: str, year: int, month: int) -> list[tuple[str, int]]:
        """(periodo "AAAA-MM", saldo) of every period up to year-month the aportante still owes, oldest first."""
        until = f"{year:04d}-{month:02d}"
        return [(p.periodo, p.saldo) for p in sorted(self._reads.cartera_of(aportante_identity, until),
                                                     key=lambda p: p.periodo) if p.saldo > 0]


class PacPayments:
    def __init__(self, reads: FinanceReads):
        self._reads = reads

    def of_year(self, identity: str, year: int) -> list[tuple[date, str, str, int]]:
        """(fecha, número factura, plan, valor) of what `identity` paid for PAC in `year`, by date; the plan is the
        invoice's (empty when the invoice is not among the payer's)."""
        payments = self._reads.payments_of(identity, year)
        if not payments:
            return []
        plans = {i.numero_factura: i.plan for i in self._reads.invoices_of(identity)}
        return sorted((p.fecha, p.numero_factura, plans.get(p.numero_factura, ""), p.valor) for p in payments)
