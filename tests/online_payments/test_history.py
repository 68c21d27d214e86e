"""LISTADO DE PAGOS CUOTAS MODERADORAS Y COPAGOS: the portal's payments and the office copays of the caller and of
each minor of theirs, every record newest first (the portal shows them 10 a page); nobody else's."""

from __future__ import annotations

from datetime import timedelta

from chalicelib.common.clock import BOGOTA
from chalicelib.online_payments.history import TITLE
from chalicelib.online_payments.types import OfficeCopay, PaymentKind
from tests.online_payments.conftest import COPAY, MINOR_COPAY, START, Payments


def office(p: Payments, who: str, count: int) -> None:
    person = p.people[who]
    for i in range(count):
        p.office.rows.append(OfficeCopay(
            affiliate_ref=person.ref, recibo=f"RC-{i:05d}", numero_autorizacion=f"35100{i:05d}",
            doc_type="CC", doc_number="1032456789", valor=2_992, concepto="Copagos o cuotas moderadoras",
            fecha=(START - timedelta(days=i + 1)).astimezone(BOGOTA), estado="Aprobado", observaciones=None))


def test_every_record_newest_first_for_the_portal_to_page(payments):
    office(payments, "me", 18)
    payment = payments.service.start(payments.principal(), PaymentKind.COPAGO, COPAY).payment
    payments.service.on_event(payments.event(payment, "CANCELLED"), {})
    page = payments.history.page(payments.principal())
    me = page.personas[0]
    assert page.titulo == TITLE and me.ref == payments.people["me"].ref and me.total == 19
    top = me.registros[0]
    assert (top.canal, top.numero_autorizacion, top.identificacion, top.valor) == ("PORTAL", COPAY,
                                                                                   "CC 1032456789", 6_358)
    assert (top.estado, top.observaciones) == ("Rechazado", "La petición ha sido cancelada por el usuario")
    dates = [r.fecha for r in me.registros]
    assert dates == sorted(dates, reverse=True) and me.registros[-1].recibo_de_pago == "RC-00017"


def test_each_minor_is_listed_apart_and_nobody_else(payments):
    office(payments, "me", 2)
    payments.service.start(payments.principal(), PaymentKind.COPAGO, MINOR_COPAY)
    page = payments.history.page(payments.principal())
    assert [p.ref for p in page.personas] == [payments.people["me"].ref, payments.people["child"].ref]
    child = page.personas[1]
    assert [r.numero_autorizacion for r in child.registros] == [MINOR_COPAY]
    assert child.registros[0].identificacion == "TI 1107000111" and child.registros[0].estado == "Pendiente"
    stranger = payments.history.page(payments.principal("stranger"))
    assert [(p.ref, p.total) for p in stranger.personas] == [(payments.people["stranger"].ref, 0)]
