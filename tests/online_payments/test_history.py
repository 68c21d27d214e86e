"""LISTADO DE PAGOS CUOTAS MODERADORAS Y COPAGOS: the portal's payments and the office copays of the person asked
for, newest first, 10 a page, "Mostrando 10 de 19 Registros"; only the caller and their minors."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.common.clock import BOGOTA
from chalicelib.common.errors import InvalidInput, NotFound
from chalicelib.online_payments.history import TITLE
from chalicelib.online_payments.types import OfficeCopay, PaymentKind
from tests.online_payments.conftest import COPAY, MINOR_COPAY, START, Payments


def office(p: Payments, who: str, count: int) -> None:
    person = p.people[who]
    for i in range(count):
        p.office.rows.append(OfficeCopay(
            affiliate_ref=person.ref, recibo=f"RC-{i:05d}", numero_autorizacion=f"35100{i:05d}",
            identificacion="CC 1032456789", valor=2_992, concepto="Copagos o cuotas moderadoras",
            fecha=(START - timedelta(days=i + 1)).astimezone(BOGOTA), estado="Aprobado"))


def test_nineteen_records_ten_a_page_newest_first(payments):
    office(payments, "me", 18)
    payment = payments.service.start(payments.principal(), PaymentKind.COPAGO, COPAY).payment
    payments.service.on_event(payments.event(payment, "CANCELLED"), {})
    first = payments.history.page(payments.principal(), None, 1)
    assert first.titulo == TITLE and first.mostrando == "Mostrando 10 de 19 Registros"
    assert (first.total, first.paginas) == (19, 2)
    top = first.registros[0]
    assert (top.canal, top.numero_autorizacion, top.identificacion, top.valor) == ("PORTAL", COPAY,
                                                                                   "CC 1032456789", 6_358)
    assert (top.estado, top.observaciones) == ("Rechazado", "La petición ha sido cancelada por el usuario")
    dates = [r.fecha for r in first.registros]
    assert dates == sorted(dates, reverse=True)
    second = payments.history.page(payments.principal(), None, 2)
    assert second.mostrando == "Mostrando 9 de 19 Registros" and second.registros[-1].recibo_de_pago == "RC-00017"
    with pytest.raises(InvalidInput):
        payments.history.page(payments.principal(), None, 3)


def test_a_minor_is_listed_apart_and_a_stranger_is_404(payments):
    office(payments, "me", 2)
    payments.service.start(payments.principal(), PaymentKind.COPAGO, MINOR_COPAY)
    child = payments.history.page(payments.principal(), payments.people["child"].ref, 1)
    assert [r.numero_autorizacion for r in child.registros] == [MINOR_COPAY]
    assert child.registros[0].identificacion == "TI 1107000111" and child.registros[0].estado == "Pendiente"
    assert [p.ref for p in child.personas] == [payments.people["me"].ref, payments.people["child"].ref]
    with pytest.raises(NotFound):
        payments.history.page(payments.principal(), payments.people["stranger"].ref, 1)
    empty = payments.history.page(payments.principal("stranger"), None, 1)
    assert empty.mostrando == "Mostrando 0 de 0 Registros"
