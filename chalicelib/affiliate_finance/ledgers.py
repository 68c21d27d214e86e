"""What the certificates read of the financial extracts (CERT consumes these for paz y salvo and retención PAC)."""

from __future__ import annotations

from datetime import date

from chalicelib.affiliate_finance.ports import FinanceReads


class PbsDebts:
    """The aportante's PBS account (`cartera_pbs`): what is owed and what was paid, period by period."""

    def __init__(self, reads: FinanceReads):
        self._reads = reads

    def _periods(self, aportante_identity: str, year: int, month: int):
        return sorted(self._reads.cartera_of(aportante_identity, f"{year:04d}-{month:02d}"), key=lambda p: p.periodo)

    def owed_until(self, aportante_identity: str, year: int, month: int) -> list[tuple[str, int]]:
        """(periodo "AAAA-MM", saldo) of every period up to year-month the aportante still owes, oldest first."""
        return [(p.periodo, p.saldo) for p in self._periods(aportante_identity, year, month) if p.saldo > 0]

    def paid_until(self, aportante_identity: str, year: int, month: int) -> list[tuple[str, int]]:
        """(periodo "AAAA-MM", valor pagado) of the periods up to year-month, oldest first (paz y salvo's history)."""
        return [(p.periodo, p.pagado) for p in self._periods(aportante_identity, year, month)]


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
