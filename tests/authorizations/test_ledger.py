"""PAY's seams: the OPS a copay payment settles (`OpsLedger`) and the copays paid at offices (`OfficeCopays`)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from chalicelib.affiliates.types import AffiliatePrincipal
from chalicelib.authorizations.types import OfficeCopay, OpsEstado
from tests.authorizations.fakes import ops

PAID_AT = datetime(2026, 3, 10, 16, tzinfo=UTC)


def test_payable_describes_the_ops_of_that_person_only(office):
    me, sofia = office.people["me"], office.people["sofia"]
    office.store.add(ops(sofia.identity, "201", valor_cuota=22798, concepto="COPAGO"))
    payable = office.ledger().payable(sofia.ref, "201")
    assert (payable.numero_autorizacion, payable.affiliate_ref, payable.valor_cuota, payable.concepto,
            payable.estado, payable.vencimiento, payable.recaudo_en_linea) == (
        "201", sofia.ref, 22798, "COPAGO", "AUTORIZADA", date(2026, 4, 1), True)
    assert office.ledger().payable(me.ref, "201") is None
    assert office.ledger().payable("unknown-ref", "201") is None
    assert office.ledger().payable(sofia.ref, "20 1") is None


def test_a_paid_ops_shows_delivered_with_its_copy_once(office):
    me = office.people["me"]
    office.store.add(ops(me.identity, "101"))
    assert office.ledger().mark_paid(me.ref, "101", "pay-1", PAID_AT) is True
    assert office.ledger().mark_paid(me.ref, "101", "pay-2", PAID_AT) is False
    row = office.service().page(AffiliatePrincipal(me.identity, "s", False)).solicitudes[0]
    assert (row.estado, row.acciones) == (OpsEstado.ENTREGADA.value, ["COPIA"])


def test_office_copays_of_the_people_given_newest_first(office):
    me, sofia = office.people["me"], office.people["sofia"]

    def copay(recibo: str, day: int) -> OfficeCopay:
        return OfficeCopay(recibo, "351", "", "CC", "1", 2992, "Copagos o cuotas moderadoras",
                           datetime(2026, 3, day, 9, 0), "Aprobado", None)

    office.store.copays = {me.identity: [copay("RC1", 1)], sofia.identity: [copay("RC2", 5)]}
    found = office.office_copays().of([me.ref, sofia.ref, me.ref, "unknown"])
    assert [(c.recibo, c.affiliate_ref) for c in found] == [("RC2", sofia.ref), ("RC1", me.ref)]
