"""In-memory stand-ins of the authorisations' store and of its two seams (PRESOL's presolicitudes, PAY's payment
states), with the repository's rules: a person's OPS newest first, a month by the OPS's date, a paid mark shows
the OPS ENTREGADA."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime

from chalicelib.authorizations.types import (
    MipresPrescription,
    OfficeCopay,
    Ops,
    OpsEstado,
    Origen,
    PresolicitudRow,
    Proveedor,
)

CLINICA = Proveedor("890300279", "001", "CLINICA NUESTRA", "8944000 - 3158473134", "CALI", "CALLE 5 # 38-25")


def ops(affiliate: str, numero: str, **overrides) -> Ops:
    values = dict(affiliate=affiliate, numero_autorizacion=numero, numero_presolicitud=None,
                  fecha=date(2026, 3, 2), plan="PBS", cups="890374", prestacion="CONSULTA DE CONTROL POR NEUROLOGIA",
                  estado=OpsEstado.AUTORIZADA, proveedor=CLINICA, vencimiento=date(2026, 4, 1), valor_cuota=4100,
                  concepto="CUOTA MODERADORA", recaudo_en_linea=True, observaciones=None, origen=Origen.PORTAL)
    values.update(overrides)
    return Ops(**values)


class FakeOpsStore:
    def __init__(self):
        self.items: dict[tuple[str, str], Ops] = {}
        self.mipres: dict[str, list[MipresPrescription]] = {}
        self.copays: dict[str, list[OfficeCopay]] = {}
        self.paid: dict[str, tuple[str, str, datetime]] = {}
        self.asked: list[dict] = []

    def add(self, *found: Ops) -> None:
        for item in found:
            self.items[item.affiliate, item.numero_autorizacion] = item

    def _shown(self, item: Ops) -> Ops:
        mark = self.paid.get(item.numero_autorizacion)
        if item.estado is OpsEstado.AUTORIZADA and mark and mark[0] == item.affiliate:
            return replace(item, estado=OpsEstado.ENTREGADA, pago_id=mark[1])
        return item

    def ops_of(self, identity: str, *, month: str | None = None, presolicitud: str | None = None,
               limit: int | None = None) -> list[Ops]:
        self.asked.append({"identity": identity, "month": month, "presolicitud": presolicitud, "limit": limit})
        found = [o for (who, _), o in self.items.items() if who == identity
                 and (month is None or o.fecha.isoformat().startswith(month))
                 and (presolicitud is None or o.numero_presolicitud == presolicitud)]
        found.sort(key=lambda o: (o.fecha, o.numero_autorizacion), reverse=True)
        return [self._shown(o) for o in found[:limit]]

    def ops(self, keys: Iterable[tuple[str, str]]) -> list[Ops]:
        return [self._shown(self.items[key]) for key in dict.fromkeys(keys) if key in self.items]

    def mipres_of(self, identity: str) -> list[MipresPrescription]:
        return list(self.mipres.get(identity, []))

    def copays_of(self, identity: str, ref: str) -> list[OfficeCopay]:
        return [replace(c, affiliate_ref=ref) for c in self.copays.get(identity, [])]

    def mark_paid(self, identity: str, numero: str, payment_id: str, at: datetime) -> bool:
        if numero in self.paid:
            return False
        self.paid[numero] = (identity, payment_id, at)
        return True


class FakePresolicitudes:
    def __init__(self, *rows: PresolicitudRow):
        self.rows = list(rows)
        self.asked: list[list[str]] = []

    def for_affiliates(self, refs: Iterable[str]) -> list[PresolicitudRow]:
        wanted = list(refs)
        self.asked.append(wanted)
        return [r for r in self.rows if r.affiliate_ref in wanted]


class FakePaymentStates:
    """OPS numbers with an APPROVED or PENDING payment."""

    def __init__(self, *blocking: str):
        self.blocked = set(blocking)
        self.asked: list[list[str]] = []

    def blocking(self, numeros: Iterable[str]) -> set[str]:
        wanted = list(numeros)
        self.asked.append(wanted)
        return self.blocked & set(wanted)
