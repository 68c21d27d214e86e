"""Until FIN's readers of `cartera_pbs`, `aportes` and `pagos_pac` are wired (wiring.certificate_sources), paz y
salvo and retención answer an error rather than certify anything without the data behind it."""

from __future__ import annotations

from datetime import date

from chalicelib.certificates.service import Sources


class NotConnected:
    def owed_until(self, aportante_identity: str, year: int, month: int) -> list[tuple[str, int]]:
        raise NotImplementedError("cartera_pbs reader not wired")

    def paid_until(self, aportante_identity: str, year: int, month: int) -> list[tuple[str, int]]:
        raise NotImplementedError("aportes reader not wired")

    def of_year(self, identity: str, year: int) -> list[tuple[date, str, str, int]]:
        raise NotImplementedError("pagos_pac reader not wired")


def not_connected() -> Sources:
    missing = NotConnected()
    return Sources(missing, missing, missing)
