"""`make run`'s portal payments: the demo cotizante paid his daughter's copay online (approved) and tried his own,
which the bank declined (it stays payable, for the journey). The OPS are the demo authorisations'
(chalicelib/authorizations/demo.py, loaded first through the ingestion pipeline)."""

from __future__ import annotations

from chalicelib.affiliates import demo as people
from chalicelib.affiliates.types import AffiliatePrincipal
from chalicelib.authorizations import demo as authorizations
from chalicelib.common import clock
from chalicelib.online_payments.types import PaymentKind


def _payable_of(person: people.DemoPerson) -> str:
    """The person's first demo OPS a copay can be paid online for (AUTORIZADA, cuota > 0, recaudo en línea)."""
    return next(row["No. Autorización"] for row in authorizations.ops_rows(clock.now().date())
                if row["Número documento"] == person.doc_number and row["Estado"] == "AUTORIZADA"
                and int(row["Valor cuota"]) > 0 and row["Recaudo en línea"] == "S")


DEMO_APPROVED = _payable_of(people.MENOR_1)
DEMO_REJECTED = _payable_of(people.COTIZANTE)


def load(service, simulator) -> None:
    """The two portal payments, through the simulator's own events. `service`: OnlinePaymentService; `simulator`:
    SimulatedGateway."""
    payer = AffiliatePrincipal(identity=people.COTIZANTE.identity, session_id="demo", must_change_password=False)
    for numero, status in ((DEMO_APPROVED, "APPROVED"), (DEMO_REJECTED, "DECLINED")):
        started = service.start(payer, PaymentKind.COPAGO, numero)
        payment = started.payment
        service.on_event(simulator.event(payment.payment_id, payment.amount * 100, status, "PSE"), {})
