"""`make run`'s copays: a stand-in of authorizations' OpsLedger and of the office copays (`copagos`) for the demo
family, until wiring connects the real ones, and the demo's portal payments (one approved, one rejected).

The stand-in answers only the demo family (chalicelib/affiliates/demo.py) and keeps what it is told in memory."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from chalicelib.affiliates import demo as people
from chalicelib.affiliates.ports import AffiliateDirectory
from chalicelib.affiliates.types import AffiliatePrincipal
from chalicelib.common.clock import BOGOTA
from chalicelib.online_payments.copays import COPAY_CONCEPT
from chalicelib.online_payments.types import OfficeCopay, PayableOps, PaymentKind

# (person, OPS number, valor cuota) — AUTORIZADA, payable online
PAYABLE = (
    (people.COTIZANTE, "3510000101", 22_798),
    (people.COTIZANTE, "3510000102", 8_211),
    (people.COTIZANTE, "3510000103", 6_358),
    (people.COTIZANTE, "3510000104", 2_992),
    (people.MENOR_1, "3510000201", 4_100),
)
DEMO_APPROVED = "3510000103"
DEMO_REJECTED = "3510000104"
# (person, recibo, OPS, valor, days ago, estado, observaciones) paid at offices
OFFICE = (
    (people.COTIZANTE, "RC-0045871", "3510000011", 5_635, 40, "Aprobado", None),
    (people.COTIZANTE, "RC-0045120", "3510000010", 1_000, 90, "Aprobado", None),
    (people.MENOR_1, "RC-0046002", "3510000012", 2_133, 20, "Aprobado", None),
)


class DemoCopays:
    """OpsLedger and OfficeCopays of the demo family, in memory."""

    def __init__(self, directory: AffiliateDirectory, today: Callable[[], date]):
        self._directory = directory
        self._today = today
        self._ops: dict[tuple[str, str], PayableOps] | None = None

    def _ledger(self) -> dict[tuple[str, str], PayableOps]:
        if self._ops is None:
            self._ops = {}
            for person, numero, valor in PAYABLE:
                found = self._directory.find(person.identity)
                if found is not None:
                    self._ops[(found.ref, numero)] = PayableOps(
                        numero_autorizacion=numero, affiliate_ref=found.ref, valor_cuota=valor,
                        concepto=COPAY_CONCEPT, estado="AUTORIZADA", vencimiento=self._today() + timedelta(days=30),
                        recaudo_en_linea=True)
        return self._ops

    def payable(self, affiliate_ref: str, numero_autorizacion: str) -> PayableOps | None:
        return self._ledger().get((affiliate_ref, numero_autorizacion))

    def mark_paid(self, affiliate_ref: str, numero_autorizacion: str, payment_id: str, at: datetime) -> None:
        key = (affiliate_ref, numero_autorizacion)
        if key in self._ledger():
            self._ledger()[key] = replace(self._ledger()[key], estado="ENTREGADA")

    def of(self, refs: Iterable[str]) -> list[OfficeCopay]:
        wanted, rows = set(refs), []
        for person, recibo, numero, valor, days, estado, observaciones in OFFICE:
            found = self._directory.find(person.identity)
            if found is None or found.ref not in wanted:
                continue
            paid = datetime.combine(self._today() - timedelta(days=days), time(9, 22, 12), BOGOTA)
            rows.append(OfficeCopay(affiliate_ref=found.ref, recibo=recibo, numero_autorizacion=numero,
                                    identificacion=f"{person.doc_type} {person.doc_number}", valor=valor,
                                    concepto=COPAY_CONCEPT, fecha=paid, estado=estado, observaciones=observaciones))
        return rows


def load(service, simulator) -> None:
    """One approved and one rejected portal payment of the demo cotizante, through the simulator's own events.
    `service`: OnlinePaymentService; `simulator`: SimulatedGateway."""
    payer = AffiliatePrincipal(identity=people.COTIZANTE.identity, session_id="demo", must_change_password=False)
    for numero, status in ((DEMO_APPROVED, "APPROVED"), (DEMO_REJECTED, "DECLINED")):
        started = service.start(payer, PaymentKind.COPAGO, numero)
        payment = started.payment
        service.on_event(simulator.event(payment.payment_id, payment.amount * 100, status, "PSE"), {})
