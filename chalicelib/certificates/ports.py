"""What the certificates need from other capabilities. FIN provides the real `PbsDebts`, `PbsHistory` and
`PacPayments` over `cartera_pbs` and `pagos_pac` (wired in wiring.py); tests hand in-memory fakes."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from chalicelib.pdf.issuer import IssuedRecord


class PbsDebts(Protocol):
    def owed_until(self, aportante_identity: str, year: int, month: int) -> list[tuple[str, int]]:
        """(periodo 'AAAA-MM', saldo in pesos) of every period up to year-month still owed."""
        ...


class PbsHistory(Protocol):
    def paid_until(self, aportante_identity: str, year: int, month: int) -> list[tuple[str, int]]:
        """(periodo 'AAAA-MM', valor pagado in pesos) of the periods up to year-month, oldest first."""
        ...


class PacPayments(Protocol):
    def of_year(self, identity: str, year: int) -> list[tuple[date, str, str, int]]:
        """(fecha, número de factura, plan, valor in pesos) of each PAC payment the person made in `year`."""
        ...


class IssuedLookup(Protocol):
    """The registry as verification reads it (repository.IssuedDocuments)."""

    def by_code(self, code: str) -> IssuedRecord | None: ...

    def by_sha256(self, digest: str) -> IssuedRecord | None: ...
