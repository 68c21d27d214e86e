"""Consultar estado de mi solicitud, the copy of an OPS and MIPRES on fakes: whom the caller may see, the filters,
the pages, the portal's presolicitudes merged in, and each rule of the "Acciones" column."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from chalicelib.affiliates.types import AffiliatePrincipal
from chalicelib.authorizations.service import COPY_ONLY_DELIVERED, NO_MIPRES, NO_OPS, PORTAL_REQUEST
from chalicelib.authorizations.types import MipresPrescription, OpsEstado, PresolicitudRow
from chalicelib.common.errors import Conflict, InvalidInput, NotFound
from tests.authorizations.conftest import TODAY
from tests.authorizations.fakes import ops
from tests.pdf_reading import pdf_codes, pdf_text


def caller(office) -> AffiliatePrincipal:
    return AffiliatePrincipal(office.people["me"].identity, "s-1", False)


def numbers(page) -> list[str | None]:
    return [row.no_autorizacion for row in page.solicitudes]


def test_the_callers_own_ops_newest_first_with_the_seeds_columns(office):
    me = office.people["me"]
    office.store.add(ops(me.identity, "101", fecha=date(2026, 2, 1)),
                     ops(me.identity, "102", fecha=date(2026, 3, 5), estado=OpsEstado.ENTREGADA,
                         numero_presolicitud="7001"),
                     ops(office.people["sofia"].identity, "201"))
    page = office.service().page(caller(office))
    assert numbers(page) == ["102", "101"]
    assert page.persona == me.ref and [p.ref for p in page.personas] == [me.ref, office.people["sofia"].ref]
    first = page.solicitudes[0]
    assert (first.no_presolicitud, first.prestacion, first.estado, first.valor_cuota) == (
        "7001", "CONSULTA DE CONTROL POR NEUROLOGIA", "ENTREGADA", 4100)
    assert first.proveedor == "CLINICA NUESTRA - 8944000 - 3158473134-CALI"
    basics = page.datos_basicos
    assert (basics.fecha, basics.numero_documento, basics.nombre) == (TODAY, me.doc_number, me.full_name)
    assert page.records_read == 3


def test_a_minor_by_ref_and_nobody_else(office):
    sofia = office.people["sofia"]
    office.store.add(ops(sofia.identity, "201"), ops(office.people["adult"].identity, "301"),
                     ops(office.people["stranger"].identity, "401"))
    assert numbers(office.service().page(caller(office), afiliado=sofia.ref)) == ["201"]
    for other in ("adult", "stranger"):
        with pytest.raises(NotFound):
            office.service().page(caller(office), afiliado=office.people[other].ref)
        with pytest.raises(NotFound):
            office.service().mipres(caller(office), afiliado=office.people[other].ref)
    with pytest.raises(InvalidInput):
        office.service().page(caller(office), afiliado="../x")


def test_month_and_presolicitud_filters_are_the_stores_query(office):
    me = office.people["me"]
    office.store.add(ops(me.identity, "101", fecha=date(2026, 2, 27), numero_presolicitud="7001"),
                     ops(me.identity, "102", fecha=date(2026, 3, 1), numero_presolicitud="7002"))
    assert numbers(office.service().page(caller(office), mes="2026-02")) == ["101"]
    assert numbers(office.service().page(caller(office), presolicitud="7002")) == ["102"]
    assert office.store.asked[-2:] == [
        {"identity": me.identity, "month": "2026-02", "presolicitud": None, "limit": 11},
        {"identity": me.identity, "month": None, "presolicitud": "7002", "limit": 11}]
    empty = office.service().page(caller(office), mes="2025-12")
    assert (empty.solicitudes, empty.mensaje) == ([], NO_OPS)
    for bad in ({"mes": "2026-13"}, {"presolicitud": "7A"}, {"pagina": "0"}, {"pagina": "x"}):
        with pytest.raises(InvalidInput):
            office.service().page(caller(office), **bad)


def test_pages_of_ten_read_only_what_the_page_needs(office):
    me = office.people["me"]
    office.store.add(*(ops(me.identity, f"{500 + i}", fecha=date(2026, 1, 1) + timedelta(days=i)) for i in range(23)))
    first = office.service().page(caller(office))
    assert (len(first.solicitudes), first.hay_mas, first.solicitudes[0].no_autorizacion) == (10, True, "522")
    last = office.service().page(caller(office), pagina="3")
    assert (numbers(last), last.hay_mas) == (["502", "501", "500"], False)
    assert [a["limit"] for a in office.store.asked] == [11, 31]


def test_portal_presolicitudes_are_merged_by_date_unless_an_ops_carries_them(office):
    me = office.people["me"]
    office.store.add(ops(me.identity, "101", fecha=date(2026, 3, 3), numero_presolicitud="7001"),
                     ops(me.identity, "102", fecha=date(2026, 3, 1)))
    office.presolicitudes.rows += [
        PresolicitudRow("7001", me.ref, datetime(2026, 3, 2, 14, tzinfo=UTC), "EN PROCESO", None),
        PresolicitudRow("7003", me.ref, datetime(2026, 3, 2, 15, tzinfo=UTC), "DEVUELTA",
                        "Los documentos tienen más de 30 días calendario"),
        PresolicitudRow("7004", office.people["sofia"].ref, datetime(2026, 3, 2, tzinfo=UTC), "EN PROCESO", None)]
    page = office.service().page(caller(office))
    assert [(r.no_presolicitud, r.no_autorizacion) for r in page.solicitudes] == [
        ("7001", "101"), ("7003", None), (None, "102")]
    returned = page.solicitudes[1]
    assert (returned.prestacion, returned.estado, returned.observaciones, returned.acciones) == (
        PORTAL_REQUEST, "DEVUELTA", "Los documentos tienen más de 30 días calendario", [])
    assert office.presolicitudes.asked == [[me.ref]]
    assert [r.no_presolicitud for r in office.service().page(caller(office), mes="2026-02").solicitudes] == []


@pytest.mark.parametrize(("overrides", "blocked", "expected"), [
    ({}, (), ["PAGAR"]),
    ({"vencimiento": TODAY}, (), ["PAGAR"]),  # the last day is still payable (Bogotá's date)
    ({"valor_cuota": 0, "recaudo_en_linea": False}, (), []),
    ({"estado": OpsEstado.EN_PROCESO}, (), []),
    ({"estado": OpsEstado.NEGADA}, (), []),
    ({"vencimiento": TODAY - timedelta(days=1)}, (), []),
    ({"recaudo_en_linea": False}, (), []),
    ({}, ("101",), []),  # an approved or pending payment
    ({"estado": OpsEstado.ENTREGADA}, (), ["COPIA"]),
    ({"estado": OpsEstado.ENTREGADA, "valor_cuota": 0}, (), ["COPIA"]),
])
def test_each_rule_of_the_acciones_column(office, overrides, blocked, expected):
    office.store.add(ops(office.people["me"].identity, "101", **overrides))
    office.payments.blocked = set(blocked)
    assert office.service().page(caller(office)).solicitudes[0].acciones == expected


def test_the_payments_are_asked_once_per_page_and_only_about_payable_ops(office):
    me = office.people["me"]
    office.store.add(ops(me.identity, "101"), ops(me.identity, "102", estado=OpsEstado.ENTREGADA),
                     ops(me.identity, "103", recaudo_en_linea=False), ops(me.identity, "104", fecha=date(2026, 3, 9)))
    office.service().page(caller(office))
    assert office.payments.asked == [["104", "101"]]
    office.store.items.clear()
    office.store.add(ops(me.identity, "102", estado=OpsEstado.ENTREGADA))
    office.service().page(caller(office))
    assert len(office.payments.asked) == 1


def test_the_copy_of_a_delivered_ops_is_a_verifiable_pdf(office):
    sofia = office.people["sofia"]
    office.store.add(ops(sofia.identity, "201", estado=OpsEstado.ENTREGADA, numero_presolicitud="7009"))
    copy = office.service().copy(caller(office), "201")
    assert copy.content_type == "application/pdf" and copy.filename.startswith("copia-ops-")
    text = " ".join(pdf_text(copy.body).split())  # a table cell may wrap
    for shown in ("ORDEN DE PRESTACIÓN DE SERVICIOS (OPS)", "201", "7009", sofia.full_name, "CLINICA NUESTRA",
                  "CONSULTA DE CONTROL POR NEUROLOGIA", "$4,100"):
        assert shown in text
    (record,) = office.registry.records.values()
    assert record.holder_ref == sofia.ref and record.kind == "copia-ops"
    assert any(record.code in code.text for code in pdf_codes(copy.body))


def test_no_copy_before_delivery_nor_of_anothers_ops(office):
    office.store.add(ops(office.people["me"].identity, "101"),
                     ops(office.people["adult"].identity, "301", estado=OpsEstado.ENTREGADA),
                     ops(office.people["stranger"].identity, "401", estado=OpsEstado.ENTREGADA))
    with pytest.raises(Conflict, match=COPY_ONLY_DELIVERED):
        office.service().copy(caller(office), "101")
    for numero in ("301", "401", "999", "12a"):
        with pytest.raises(NotFound):
            office.service().copy(caller(office), numero)
    assert office.registry.records == {}


def test_mipres_per_person_and_the_empty_message(office):
    sofia = office.people["sofia"]
    office.store.mipres[sofia.identity] = [MipresPrescription(
        sofia.identity, "20240001", 1, date(2026, 3, 1), "DORZOLAMIDA SOLUCION OFTALMICA", "19983",
        OpsEstado.AUTORIZADA, "DROGUERIA CENTRAL", "CALLE 9", "6024859090", "351000", date(2026, 4, 1), 3500, "PBS")]
    page = office.service().mipres(caller(office), afiliado=sofia.ref)
    (row,) = page.prescripciones
    assert (row.servicio, row.estado, row.prestador, row.no_autorizacion, row.vencimiento, row.valor) == (
        "DORZOLAMIDA SOLUCION OFTALMICA", "AUTORIZADA", "DROGUERIA CENTRAL", "351000", date(2026, 4, 1), 3500)
    mine = office.service().mipres(caller(office))
    assert (mine.prescripciones, mine.mensaje) == ([], NO_MIPRES)
