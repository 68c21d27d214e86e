"""Certificados en línea on fakes: each PDF's text against its fixture, the QR to the verification link, who may be
named (the whole group, adults too; a stranger is a 404), paz y salvo's and retención's refusals, the notice."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from chalicelib.affiliates.household import PERSON_NOT_FOUND
from chalicelib.affiliates.types import TipoCotizante
from chalicelib.certificates import service as certificates
from chalicelib.certificates.schemas import CertificateRequest
from chalicelib.certificates.service import logged
from chalicelib.common.errors import Conflict, InvalidInput, NotFound
from tests.affiliates.micuenta.fakes import caller
from tests.certificates.fakes import VERIFY_URL
from tests.certificates.reading import matches_fixture, words
from tests.pdf_reading import pdf_codes, pdf_text


def generate(certs, kind: str, who="me", **body):
    return certs.service().generate(caller(certs.people[who]), kind, CertificateRequest(**body))


def test_afiliacion_of_an_adult_beneficiary_says_affiliation_facts_only(certs):
    adult = certs.people["adult"]
    issued = generate(certs, "afiliacion", persona=adult.ref)
    assert matches_fixture(issued.body, "afiliacion-adulto", issued.code), words(pdf_text(issued.body))
    text = pdf_text(issued.body)
    assert adult.contact.correo not in text and adult.contact.celular not in text
    assert issued.filename == f"certificado-afiliacion-20260310-{issued.code}.pdf"
    record = certs.registry.records[issued.code]
    assert record.sha256 == hashlib.sha256(issued.body).hexdigest()
    assert (record.holder_ref, record.holder_initials, record.holder_document_tail) == (adult.ref, "A. G. R.", "333")
    assert logged(issued) == {"codigo": issued.code, "persona": adult.ref}


def test_the_qr_on_the_certificate_opens_the_verification_page_with_its_code(certs):
    issued = generate(certs, "afiliacion")
    assert [(c.format, c.text) for c in pdf_codes(issued.body)] == [
        ("QRCode", f"{VERIFY_URL}?codigo={issued.code}")]


def test_afiliacion_pac_lists_the_contracts(certs):
    issued = generate(certs, "afiliacion-pac")
    assert matches_fixture(issued.body, "afiliacion-pac", issued.code), words(pdf_text(issued.body))


def test_afiliacion_pac_of_someone_without_pac_is_refused(certs):
    with pytest.raises(InvalidInput) as refused:
        generate(certs, "afiliacion-pac", persona=certs.people["sofia"].ref)
    assert refused.value.message == certificates.NO_PAC


@pytest.mark.parametrize("who", ["spouse", "sofia", "adult", "me"])
def test_the_whole_group_may_be_named(certs, who):
    person = certs.people[who]
    issued = generate(certs, "afiliacion", persona=person.ref)
    assert person.doc_number in pdf_text(issued.body)


def test_a_stranger_or_an_unknown_ref_is_a_404(certs):
    for ref in (certs.people["stranger"].ref, "no-such-ref"):
        with pytest.raises(NotFound) as refused:
            generate(certs, "afiliacion", persona=ref)
        assert refused.value.message == PERSON_NOT_FOUND
    assert certs.registry.records == {} and certs.mailer.sent == []


def test_an_adult_beneficiary_sees_only_themself(certs):
    page = certs.service().page(caller(certs.people["adult"]))
    assert [p.ref for p in page.personas] == [certs.people["adult"].ref]
    with pytest.raises(NotFound):
        generate(certs, "afiliacion", who="adult", persona=certs.people["me"].ref)


def test_the_page_offers_the_group_and_the_callers_facts(certs):
    page = certs.service().page(caller(certs.people["me"]))
    assert [(p.nombre, p.relacion, p.menor_de_edad, p.pac) for p in page.personas] == [
        ("LUIS FERNANDO GÓMEZ RUIZ", "TITULAR", False, True), ("SOFIA GÓMEZ RUIZ", "HIJO", True, False),
        ("MARTA GÓMEZ RUIZ", "CONYUGE", False, False), ("ANDRES GÓMEZ RUIZ", "HIJO", False, False)]
    assert (page.independiente, page.afiliado_desde, page.periodo_actual, page.anios_pac) == (
        True, "2024-02", "2026-03", [2026, 2025, 2024])


def test_paz_y_salvo_with_its_payment_history(certs):
    me = certs.people["me"]
    certs.finance.paid[me.identity] += [("2026-02", 250000), ("2026-01", 250000)]
    certs.finance.owed[me.identity] += [("2026-03", 250000)]  # after the asked month: not in the way
    issued = generate(certs, "paz-y-salvo", periodo="2026-02", historial=True)
    assert matches_fixture(issued.body, "paz-y-salvo", issued.code), words(pdf_text(issued.body))
    without = generate(certs, "paz-y-salvo", periodo="2026-02")
    assert "Historial de pagos" not in pdf_text(without.body)


def test_paz_y_salvo_refused_with_debt_names_the_periods_owed(certs):
    me = certs.people["me"]
    certs.finance.owed[me.identity] += [("2025-12", 250000), ("2025-11", 120000)]
    with pytest.raises(Conflict) as refused:
        generate(certs, "paz-y-salvo", periodo="2026-02")
    assert refused.value.message == ("No es posible expedir el paz y salvo: registra saldo pendiente en los periodos "
                                     "noviembre de 2025, diciembre de 2025")
    assert [d["mensaje"] for d in refused.value.details] == ["noviembre de 2025: saldo $120.000",
                                                             "diciembre de 2025: saldo $250.000"]
    assert certs.registry.records == {} and certs.mailer.sent == []


def test_paz_y_salvo_refused_for_a_dependiente_and_a_beneficiary(certs):
    assert certs.people["stranger"].tipo_cotizante is TipoCotizante.DEPENDIENTE
    for who in ("stranger", "adult"):
        with pytest.raises(InvalidInput) as refused:
            generate(certs, "paz-y-salvo", who=who, periodo="2026-02")
        assert refused.value.message == certificates.ONLY_INDEPENDIENTES


@pytest.mark.parametrize(("periodo", "message"), [
    (None, certificates.PERIOD_REQUIRED), ("2026-04", certificates.PERIOD_FUTURE),
    ("2024-01", "El periodo no puede ser anterior a su fecha de afiliación (febrero de 2024)")])
def test_paz_y_salvo_period_between_affiliation_and_now(certs, periodo, message):
    with pytest.raises(InvalidInput) as refused:
        generate(certs, "paz-y-salvo", periodo=periodo)
    assert refused.value.details == [{"campo": "periodo", "mensaje": message}]


def test_retencion_pac_adds_each_months_payments(certs):
    me = certs.people["me"]
    certs.finance.pac[me.identity] += [
        (date(2025, 1, 5), "F-1", "PAC Bienestar", 180000), (date(2025, 2, 3), "F-2", "PAC Bienestar", 45000),
        (date(2025, 2, 20), "F-2", "PAC Bienestar", 45000), (date(2025, 3, 5), "F-3", "PAC Bienestar", 180000),
        (date(2024, 12, 5), "F-0", "PAC Bienestar", 170000)]
    issued = generate(certs, "retencion-pac", anio=2025)
    assert matches_fixture(issued.body, "retencion-pac", issued.code), words(pdf_text(issued.body))


def test_a_year_without_pac(certs):
    with pytest.raises(InvalidInput) as refused:
        generate(certs, "retencion-pac", anio=2023)
    assert refused.value.message == "En el periodo consultado no registra Plan de Atención Complementario"
    with pytest.raises(InvalidInput):
        generate(certs, "retencion-pac", anio=2027)


def test_the_notice_names_the_document_and_code_but_no_personal_data(certs):
    adult = certs.people["adult"]
    issued = generate(certs, "afiliacion", persona=adult.ref)
    [notice] = certs.mailer.sent
    assert notice.to == certs.people["me"].contact.correo and not notice.attachments
    assert issued.code in notice.text and "Certificado de afiliación" in notice.text
    for datum in (adult.full_name, adult.doc_number, certs.people["me"].doc_number, "GÓMEZ"):
        assert datum not in notice.text and datum not in notice.subject


def test_an_unknown_kind_is_a_404(certs):
    with pytest.raises(NotFound):
        generate(certs, "historia-clinica")

