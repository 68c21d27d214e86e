"""The financial services with in-memory ports: whose invoice may be paid, what is emailed, which ranges are
refused (Spanish, per field), who sees incapacidades and which ones get a certificate."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from chalicelib.affiliate_finance.access import ONLY_COTIZANTES
from chalicelib.affiliate_finance.cartera import CarteraService
from chalicelib.affiliate_finance.content import payment_content
from chalicelib.affiliate_finance.history import PaymentHistoryService
from chalicelib.affiliate_finance.incapacidades import NOT_CERTIFIABLE, IncapacidadesService
from chalicelib.affiliate_finance.ledgers import PacPayments, PbsDebts
from chalicelib.affiliate_finance.pac_invoice import NO_OPEN_INVOICE, PAID_ONLINE, PacInvoiceService
from chalicelib.affiliate_finance.payable import PacInvoicePayable
from chalicelib.affiliate_finance.types import CarteraPeriod, PacPayment
from chalicelib.affiliates.types import TipoCotizante
from chalicelib.common.clock import BOGOTA
from chalicelib.common.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from chalicelib.pdf.issuer import InMemoryIssuedRegistry
from tests.affiliate_finance.fakes import (
    TODAY,
    FakeMailer,
    FakePeople,
    FakeReads,
    aporte,
    incapacidad,
    invoice,
    issuer,
    person,
    principal_of,
)
from tests.affiliate_finance.reading import body_text
from tests.pdf_reading import pdf_text

LUIS, ANA = person(), person("52123456", tipo_cotizante=TipoCotizante.DEPENDIENTE)
BENEFICIARIA = person("1107123456", tipo_cotizante=None)
PAID_AT = datetime(2026, 3, 10, 10, 0, tzinfo=BOGOTA)


@pytest.fixture
def world():
    reads = FakeReads(invoices=[invoice(), invoice("FPAC20260217", saldo=0, estado="PAGADA", periodo="2026-02"),
                                invoice("FPAC77", responsable=ANA.identity)])
    people = FakePeople({p.identity: p for p in (LUIS, ANA, BENEFICIARIA)})
    return reads, people, InMemoryIssuedRegistry()


# --- consultar y pagar -------------------------------------------------------------------------------------
def test_the_operators_are_offered_only_to_independientes(world):
    reads, people, registry = world
    service = PacInvoiceService(people, reads, issuer(registry), payment_content)
    luis, ana = service.page(principal_of(LUIS)), service.page(principal_of(ANA))
    assert [o.nombre for o in luis.operadores] == ["ASOPAGOS S.A.S", "SIMPLE S.A."] and luis.independiente
    assert ana.operadores == [] and not ana.independiente
    assert luis.factura.numero_factura == "FPAC20260317" and luis.factura.saldo == 185_000
    assert "1957" in " ".join(c.detalle for c in luis.otros_canales)


def test_the_invoice_pdf_is_the_open_one_and_none_is_404(world):
    reads, people, registry = world
    service = PacInvoiceService(people, reads, issuer(registry), payment_content)
    download = service.pdf(principal_of(LUIS))
    assert download.content_type == "application/pdf" and download.filename.startswith("factura-pac-20260310-")
    assert "FPAC20260317" in pdf_text(download.body) and "1032456789" not in download.filename
    assert registry.records[download.filename[21:-4]].holder_ref == LUIS.ref
    with pytest.raises(NotFound, match=NO_OPEN_INVOICE):
        service.pdf(principal_of(BENEFICIARIA))


def test_only_ones_own_invoice_with_saldo_is_payable(world):
    reads, _, _ = world
    payable = PacInvoicePayable(reads, lambda identity: "ref")
    assert payable.describe(principal_of(LUIS), "fpac20260317") == (
        185_000, "Factura PAC FPAC20260317 — PAC Bienestar, periodo 2026-03", principal_of(LUIS).identity, "ref")
    assert payable.describe(principal_of(LUIS), "FPAC77") is None  # Ana's
    assert payable.describe(principal_of(LUIS), "FPAC20260217") is None  # nothing to pay
    assert payable.describe(principal_of(LUIS), "../x") is None


def test_a_settled_invoice_shows_paid_and_is_no_longer_payable(world):
    reads, people, registry = world
    payable = PacInvoicePayable(reads, lambda identity: "ref")
    service = PacInvoiceService(people, reads, issuer(registry), payment_content)
    payable.settle("ref", "FPAC20260317", "pay-1", PAID_AT)
    page = service.page(principal_of(LUIS))
    assert page.factura is None and [(p.numero_factura, p.mensaje) for p in page.pagadas_en_linea] == [
        ("FPAC20260317", PAID_ONLINE)]
    assert payable.describe(principal_of(LUIS), "FPAC20260317") is None


# --- cartera ------------------------------------------------------------------------------------------------
def test_the_cartera_pdf_is_answered_and_emailed_as_an_attachment(world):
    reads, people, registry = world
    reads.cartera = [CarteraPeriod(LUIS.identity, "2025-12", 285_000, 0, 285_000, 70)]
    mailer = FakeMailer()
    download = CarteraService(people, reads, issuer(registry), mailer, lambda: TODAY).pdf(principal_of(LUIS), "PBS")
    [email] = mailer.sent
    assert email.to == "luis.gomez@correo.example.co" and "Cartera" in email.subject
    [attachment] = email.attachments
    assert attachment.data == download.body and attachment.content_type == "application/pdf"
    assert "2025-12 $ 285.000 $ 0 $ 285.000 70" in body_text(download.body)


def test_no_pac_debt_is_a_pdf_saying_so_even_when_ses_fails(world):
    reads, people, registry = world
    download = CarteraService(people, reads, issuer(registry), FakeMailer(fail=True), lambda: TODAY).pdf(
        principal_of(BENEFICIARIA), "PAC")
    assert "no registra saldos pendientes del Plan de Atención Complementario" in body_text(download.body)


# --- historial de pagos ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("desde", "hasta", "errors"), [
    ("2025-05", "2025-04", {"desde": "\"Desde\" no puede ser posterior a \"Hasta\""}),
    ("2025-01", "2026-04", {"hasta": "\"Hasta\" no puede ser posterior al periodo actual (2026-03)"}),
    ("2025-13", "", {"desde": "\"Desde\" debe ser un mes AAAA-MM", "hasta": "Seleccione el mes de \"Hasta\""}),
])
def test_a_wrong_range_names_the_field(world, desde, hasta, errors):
    reads, people, registry = world
    with pytest.raises(InvalidInput) as refused:
        PaymentHistoryService(people, reads, issuer(registry), lambda: TODAY).pdf(principal_of(LUIS), desde, hasta)
    assert {d["campo"]: d["mensaje"] for d in refused.value.details} == errors


def test_the_history_holds_the_months_asked_up_to_the_current_one(world):
    reads, people, registry = world
    reads.aportes = [aporte("2025-12"), aporte("2026-01"), aporte("2026-02", valor=300_000)]
    download = PaymentHistoryService(people, reads, issuer(registry), lambda: TODAY).pdf(
        principal_of(LUIS), "2026-01", "2026-03")
    text = body_text(download.body)
    assert "2025-12" not in text and "2026-01" in text and "Total $ 585.000" in text and download.records == 2


# --- incapacidades --------------------------------------------------------------------------------------------
STATES = ("PAGADA", "RECHAZADA", "SIN SUBSIDIO", "EN TRAMITE", "RADICADA", "LIQUIDADA", "ANULADA")


@pytest.fixture
def incapacidades(world):
    reads, people, registry = world
    reads.incapacidades = [incapacidad(str(4512300 + n), state, date(2025, 1 + n, 3)) for n, state in enumerate(STATES)]
    return IncapacidadesService(people, reads, issuer(registry), lambda: TODAY)


def test_buscar_without_dates_returns_all_and_dates_filter_by_start(incapacidades):
    everything = incapacidades.search(principal_of(LUIS), None, None).resultados
    assert [r.estado for r in everything] == list(reversed(STATES))  # the latest first
    assert {r.estado: r.certificado for r in everything} == {s: s in STATES[:4] for s in STATES}
    some = incapacidades.search(principal_of(LUIS), "2025-02-01", "2025-03-31").resultados
    assert [r.numero_folio for r in some] == ["4512302", "4512301"]
    assert (some[0].tipo_id, some[0].numero_id, some[0].oficina_folio) == ("CC", "1032456789", "CALI SUR")


def test_bad_dates_name_each_field(incapacidades):
    with pytest.raises(InvalidInput) as refused:
        incapacidades.search(principal_of(LUIS), "2025-02-30", "2027-01-01")
    assert {d["campo"] for d in refused.value.details} == {"fecha_inicio", "fecha_fin"}
    with pytest.raises(InvalidInput) as refused:
        incapacidades.search(principal_of(LUIS), "2025-03-01", "2025-02-01")
    assert refused.value.details == [{"campo": "fecha_inicio",
                                      "mensaje": "\"Desde\" no puede ser posterior a \"Hasta\""}]


def test_only_cotizantes_consult_incapacidades(incapacidades):
    with pytest.raises(PermissionDenied, match=ONLY_COTIZANTES):
        incapacidades.search(principal_of(BENEFICIARIA), None, None)


def test_a_certificate_only_in_the_four_states_and_only_ones_own(incapacidades):
    rows = {r.estado: r.id for r in incapacidades.search(principal_of(LUIS), None, None).resultados}
    for state in STATES[:4]:
        text = body_text(incapacidades.certificate(principal_of(LUIS), rows[state]).body)
        assert f"Estado: {state}" in text and "Diagnóstico: N23X" in text
    for state in STATES[4:]:
        with pytest.raises(Conflict, match=NOT_CERTIFIABLE):
            incapacidades.certificate(principal_of(LUIS), rows[state])
    with pytest.raises(NotFound):
        incapacidades.certificate(principal_of(ANA), rows["PAGADA"])


def test_the_afp_report_lists_the_range_oldest_first(incapacidades):
    download = incapacidades.afp_report(principal_of(LUIS), None, None)
    text = body_text(download.body)
    assert "Fecha Consulta: 2025/01/03 - 2026/03/10" in text and download.records == 7
    assert text.index("4512300") < text.index("4512306")


# --- what the certificates read -------------------------------------------------------------------------------
def test_debts_up_to_a_month_and_pac_payments_of_a_year(world):
    reads, _, _ = world
    reads.cartera = [CarteraPeriod(LUIS.identity, p, 285_000, paid, 285_000 - paid, 0)
                     for p, paid in (("2025-10", 0), ("2025-11", 285_000), ("2026-01", 85_000))]
    assert PbsDebts(reads).owed_until(LUIS.identity, 2025, 12) == [("2025-10", 285_000)]
    assert PbsDebts(reads).owed_until(LUIS.identity, 2026, 1) == [("2025-10", 285_000), ("2026-01", 200_000)]
    reads.payments = [PacPayment("FPAC20260217", LUIS.identity, date(2026, 2, 9), 185_000, "PSE"),
                      PacPayment("FPAC20251217", LUIS.identity, date(2025, 12, 9), 185_000, "PSE")]
    assert PacPayments(reads).of_year(LUIS.identity, 2026) == [(date(2026, 2, 9), "FPAC20260217", "PAC Bienestar",
                                                                185_000)]
    assert PacPayments(reads).of_year(LUIS.identity, 2024) == []
