"""Each financial PDF read back as a receiver would: its text against a hand-written fixture, the PAC invoice's
barcode decoded to its invoice, value and due date, the verification QR on the page."""

from __future__ import annotations

from datetime import date

import pytest

from chalicelib.affiliate_finance import documents
from chalicelib.affiliate_finance.content import payment_content
from chalicelib.affiliate_finance.types import CarteraPeriod
from chalicelib.pdf.issuer import InMemoryIssuedRegistry
from tests.affiliate_finance.fakes import TODAY, aporte, incapacidad, invoice, issuer, person
from tests.affiliate_finance.reading import body_text, fixture
from tests.pdf_reading import pdf_codes, pdf_text

LUIS = person()


def issue(spec):
    return issuer(InMemoryIssuedRegistry()).issue(spec)


def cartera(periodo: str, pagado: int, mora: int) -> CarteraPeriod:
    return CarteraPeriod(LUIS.identity, periodo, 285_000, pagado, 285_000 - pagado, mora)


@pytest.mark.parametrize(("name", "spec"), [
    ("factura_pac", documents.pac_invoice(LUIS, invoice(), payment_content())),
    ("cartera_pbs", documents.pbs_cartera(LUIS, [cartera("2025-11", 285_000, 0), cartera("2025-12", 0, 70),
                                                 cartera("2026-01", 100_000, 39)], TODAY)),
    ("cartera_pbs_sin_deuda", documents.pbs_cartera(LUIS, [cartera("2025-11", 285_000, 0)], TODAY)),
    ("cartera_pac", documents.pac_cartera(LUIS, [
        invoice(), invoice("FPAC20260217", saldo=85_000, estado="ABONADA", periodo="2026-02", limite=date(2026, 2, 25)),
        invoice("FPAC20260117", saldo=0, estado="PAGADA", periodo="2026-01")], TODAY)),
    ("historial_pagos", documents.payment_history(LUIS, "2025-01", "2025-03", [aporte("2025-01"), aporte("2025-02")])),
    ("certificado_incapacidad", documents.incapacidad_certificate(LUIS, incapacidad("4512300", "PAGADA",
                                                                                     date(2016, 12, 12)))),
    ("informe_afp", documents.afp_report(LUIS, date(2012, 8, 1), TODAY, [
        incapacidad("4512300", "PAGADA", date(2016, 12, 12)),
        incapacidad("4512301", "EN TRAMITE", date(2021, 9, 1), dias=3, diagnostico="J189")], TODAY)),
])
def test_the_pdf_says_what_the_fixture_says(name, spec):
    assert body_text(issue(spec).data) == fixture(name)


def test_every_page_carries_the_letterhead_the_generating_user_and_the_code():
    issued = issue(documents.payment_history(LUIS, "2023-01", "2026-02",
                                             [aporte(f"{y}-{m:02d}") for y in (2023, 2024, 2025) for m in range(1, 13)]
                                             * 2))
    text = pdf_text(issued.data)
    assert text.count("Vigilado Supersalud") == text.count("Página ") >= 2
    assert text.count("Usuario Generación: CC 1032456789") == text.count("Página ")
    assert text.count(f"Código de verificación: {issued.code}") == text.count("Página ")


def test_the_invoice_barcode_decodes_to_the_invoice_its_value_and_due_date():
    issued = issue(documents.pac_invoice(LUIS, invoice(saldo=172_350), payment_content()))
    codes = {code.format: code for code in pdf_codes(issued.data)}
    barcode = codes["Code128"]
    assert barcode.gs1  # FNC1 first: a GS1-128, as Asobancaria's readers expect
    assert barcode.text == "(415)7709998000018(8020)FPAC20260317(3900)172350(96)20260325"
    assert codes["QRCode"].text.endswith(f"?codigo={issued.code}")


def test_the_invoice_number_value_and_date_are_separate_elements():
    text = documents.gs1_payment_code("7709998000018", invoice("FPAC9", saldo=5, limite=date(2027, 1, 2)))
    assert text == "(415)7709998000018(8020)FPAC9(3900)5(96)20270102"

