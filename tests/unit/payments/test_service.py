"""Consulta Pagos use cases on in-memory fakes: modes, messages, pages, totals, tenant, detail file."""

from __future__ import annotations

import csv
import io

import pytest

from chalicelib.common.errors import NotFound
from chalicelib.common.files import DownloadLink, FileDownload
from chalicelib.payments.detail_csv import HEADER
from chalicelib.payments.schemas import InvalidQuery
from chalicelib.payments.service import PaymentQueryService
from tests.payments_data import OTHER, PROVIDER, line, payment
from tests.unit.payments.fakes import FakeDownloads, FakePaymentStore

PREFIJO_EMPTY = 'El campo "Prefijo Factura", no puede estar vacío'
SUFIJO_EMPTY = 'El campo "Sufijo Factura", no puede estar vacío'


@pytest.fixture
def store():
    pays = [payment(f"2000{i:04d}", f"2024-03-{i:02d}", valor=1_000 * i) for i in range(1, 26)]
    pays.append(payment("30011", "2024-03-27", valor=57_000_000_000, tipo_pago="Legalización"))
    pays.append(payment("77", "2024-03-10", provider_id=OTHER))
    lines = [line(pays[0], "FE", "100", 400), line(pays[1], "FE", "100", 600), line(pays[1], "FE", "101"),
             line(pays[-2], "FE", "100", 999), line(pays[-1], "FE", "100", 5)]
    return FakePaymentStore(pays, lines)


@pytest.fixture
def service(store):
    return PaymentQueryService(store, FakeDownloads())


def test_date_range_newest_first_with_totals_on_the_first_page_only(service, store):
    first = service.by_date_range(PROVIDER, {"fecha_inicio": "2024-03-05", "fecha_fin": "2024-03-27"}, limit=10,
                                  cursor=None)
    assert [p.fecha_pago for p in first.pagos][:3] == ["2024-03-27", "2024-03-25", "2024-03-24"]
    assert first.total_registros == 22  # 21 of March 5–25, plus 30011; never the other provider's
    assert first.total_valor_pagado == 57_000_000_000 + sum(1_000 * i for i in range(5, 26))
    seen = [p.numero_pago for p in first.pagos]
    cursor = first.siguiente
    while cursor:
        page = service.by_date_range(PROVIDER, {"fecha_inicio": "2024-03-05", "fecha_fin": "2024-03-27"},
                                     limit=10, cursor=cursor)
        assert page.total_registros is None
        seen += [p.numero_pago for p in page.pagos]
        cursor = page.siguiente
    assert len(seen) == len(set(seen)) == 22
    assert store.totals_calls == 1


@pytest.mark.parametrize(("params", "field", "message"), [
    ({"fecha_fin": "2024-03-01"}, "fecha_inicio", 'El campo "Fecha Inicio", no puede estar vacío'),
    ({"fecha_inicio": "2024-03-01"}, "fecha_fin", 'El campo "Fecha Fin", no puede estar vacío'),
    ({"fecha_inicio": "2024-02-30", "fecha_fin": "2024-03-01"}, "fecha_inicio",
     'El campo "Fecha Inicio" no es una fecha válida (use AAAA-MM-DD)'),
    ({"fecha_inicio": "01/03/2024", "fecha_fin": "2024-03-01"}, "fecha_inicio",
     'El campo "Fecha Inicio" no es una fecha válida (use AAAA-MM-DD)'),
    ({"fecha_inicio": "2024-03-02", "fecha_fin": "2024-03-01"}, "fecha_fin",
     'La "Fecha Fin" no puede ser anterior a la "Fecha Inicio"'),
])
def test_date_range_refusals(service, params, field, message):
    with pytest.raises(InvalidQuery) as refused:
        service.by_date_range(PROVIDER, params, limit=10, cursor=None)
    assert refused.value.status == 400
    assert refused.value.details == [{"campo": field, "mensaje": message}]
    assert refused.value.message == message


def test_range_of_one_year_passes_and_longer_is_refused(service):
    assert service.by_date_range(PROVIDER, {"fecha_inicio": "2024-01-01", "fecha_fin": "2024-12-31"}, limit=10,
                                 cursor=None).total_registros == 26
    with pytest.raises(InvalidQuery) as refused:
        service.by_date_range(PROVIDER, {"fecha_inicio": "2024-01-01", "fecha_fin": "2025-01-01"}, limit=10,
                              cursor=None)
    assert "no puede superar 366 días (un año)" in refused.value.message


def test_by_number_adds_the_support_and_hides_other_providers(service):
    found = service.by_number(PROVIDER, "30011")
    assert (found.numero_pago, found.tipo_pago, found.valor_pagado) == ("30011", "Legalización", 57_000_000_000)
    assert (found.email_soporte, found.fecha_soporte, found.hora_soporte) == (
        "tesoreria@eps.example.co", "2024-03-27", "10:15:00")
    assert found.nit == "900123456"
    with pytest.raises(NotFound) as other:
        service.by_number(PROVIDER, "77")  # exists, for another provider
    with pytest.raises(NotFound) as missing:
        service.by_number(PROVIDER, "78")
    assert (other.value.code, other.value.message) == (missing.value.code, missing.value.message)


@pytest.mark.parametrize("number", ["", "  ", "12a", "1" * 21])
def test_by_number_refuses_what_is_not_a_payment_number(service, number):
    with pytest.raises(InvalidQuery):
        service.by_number(PROVIDER, number)


@pytest.mark.parametrize(("params", "messages"), [
    ({}, [PREFIJO_EMPTY, SUFIJO_EMPTY]),
    ({"prefijo": "FE"}, [SUFIJO_EMPTY]),
    ({"sufijo": "100"}, [PREFIJO_EMPTY]),
    ({"prefijo": " ", "sufijo": " "}, [PREFIJO_EMPTY, SUFIJO_EMPTY]),
])
def test_by_invoice_requires_both_with_the_seed_messages(service, params, messages):
    with pytest.raises(InvalidQuery) as refused:
        service.by_invoice(PROVIDER, params, limit=10, cursor=None)
    assert [d["mensaje"] for d in refused.value.details] == messages
    assert refused.value.message == " | ".join(messages)


def test_by_invoice_lists_each_payment_applied_with_invoice_columns(service):
    page = service.by_invoice(PROVIDER, {"prefijo": "fe", "sufijo": "100"}, limit=10, cursor=None)
    assert [(p.numero_pago, p.valor_aplicado) for p in page.pagos] == [
        ("30011", 999), ("20000002", 600), ("20000001", 400)]
    first = page.pagos[0]
    assert (first.prefijo_factura, first.sufijo_factura, first.no_radicado, first.retefuente) == (
        "FE", "100", "R100", 2_500)
    assert first.tipo_pago == "Legalización"
    two = service.by_invoice(PROVIDER, {"prefijo": "FE", "sufijo": "100"}, limit=2, cursor=None)
    rest = service.by_invoice(PROVIDER, {"prefijo": "FE", "sufijo": "100"}, limit=2, cursor=two.siguiente)
    assert [p.numero_pago for p in two.pagos + rest.pagos] == [p.numero_pago for p in page.pagos]


def _rows(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_detail_inline_has_the_19_columns_and_neutralised_text(store):
    pay = store.get_payment(PROVIDER, "20000002")
    store.lines.append(line(pay, "FE", "102", compania="=HYPERLINK(\"http://x\")", no_radicado="@SUM(A1)",
                            valor_factura=None))
    result = PaymentQueryService(store, FakeDownloads()).detail_file(PROVIDER, "20000002")
    assert isinstance(result, FileDownload)
    assert (result.filename, result.records) == ("detalle-pago-20000002.csv", 3)
    rows = _rows(result.body)
    assert tuple(rows[0]) == HEADER and len(HEADER) == 19
    assert rows[1] == ["900123456", "Transferencia Electrónica", "4044236941", "20000002", "02/03/2024", "2000",
                       "FV", "FE", "100", "100", "15/01/2024", "5600", "0", "2500", "1100", "0", "0", "SOS EPS",
                       "R100"]
    assert rows[3][17:] == ["'=HYPERLINK(\"http://x\")", "'@SUM(A1)"]
    assert rows[3][11] == ""


def test_detail_too_large_is_published_behind_a_link(store):
    pay = store.get_payment(PROVIDER, "20000003")
    store.lines += [line(pay, "FE", str(1000 + i)) for i in range(50)]
    downloads = FakeDownloads()
    result = PaymentQueryService(store, downloads, inline_limit=2_000, new_id=lambda: "abc").detail_file(
        PROVIDER, "20000003")
    assert isinstance(result, DownloadLink)
    assert (result.registros, result.expira_en_segundos) == (50, 900)
    key = "pagos/NI-900123456/abc/detalle-pago-20000003.csv"
    assert result.url.endswith(key)
    assert len(_rows(downloads.files[key])) == 51


def test_detail_of_another_providers_payment_is_not_found(service):
    with pytest.raises(NotFound):
        service.detail_file(PROVIDER, "77")
