"""What the financial services need: the extracts (`repository.FinanceRepository` is the real one), the person
(the affiliates' directory), a PDF issuer and a mailer. Tests use in-memory fakes of the same shapes."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from chalicelib.affiliate_finance.types import Aporte, CarteraPeriod, Incapacidad, PacInvoice, PacPayment
from chalicelib.affiliates.types import Affiliate, PacPlan


class FinanceReads(Protocol):
    def invoices_of(self, identity: str) -> list[PacInvoice]: ...

    def invoice(self, identity: str, numero_factura: str) -> PacInvoice | None: ...

    def payments_of(self, identity: str, year: int) -> list[PacPayment]: ...

    def cartera_of(self, aportante: str, until: str | None = None) -> list[CarteraPeriod]: ...

    def aportes_of(self, cotizante: str, desde: str, hasta: str) -> list[Aporte]: ...

    def incapacidades_of(self, cotizante: str) -> list[Incapacidad]: ...

    def settle(self, numero_factura: str, payment_id: str, at: datetime) -> None: ...


class People(Protocol):
    """The affiliates' directory (chalicelib/affiliates/repository.py)."""

    def find(self, identity: str) -> Affiliate | None: ...

    def pac_plans_of(self, identity: str) -> list[PacPlan]: ...
