"""«Verificar certificado» on fakes: a valid code or file answers type, date and a masked holder; an altered file
(one byte), an unknown code or file are refused in Spanish; every attempt counts against the IP."""

from __future__ import annotations

import pytest

from chalicelib.accounts.throttling import Throttle
from chalicelib.certificates import verification
from chalicelib.certificates.schemas import CertificateRequest
from chalicelib.certificates.verification import VerificationService
from chalicelib.common.errors import InvalidInput, NotFound, TooManyRequests
from tests.affiliates.micuenta.fakes import caller
from tests.unit.accounts.fakes import FakeCounters

IP, OTHER_IP = "190.85.1.10", "181.49.2.20"
NOW = 1_773_153_000


@pytest.fixture
def issued(certs):
    return certs.service().generate(caller(certs.people["me"]), "afiliacion", CertificateRequest())


@pytest.fixture
def clock() -> dict[str, int]:
    return {"now": NOW}


@pytest.fixture
def verify(certs, clock):
    return VerificationService(certs.registry, Throttle(FakeCounters(), lambda: b"k" * 32), lambda: clock["now"])


def test_a_valid_code_answers_type_date_and_a_masked_holder(verify, issued):
    found = verify.by_code(issued.code, IP)
    assert (found.codigo, found.tipo, found.iniciales, found.documento_termina_en) == (
        issued.code, "Certificado de afiliación", "L. F. G. R.", "789")
    assert found.fecha_expedicion.isoformat() == "2026-03-10T09:30:00-05:00"
    assert "1032456789" not in found.model_dump_json() and "LUIS" not in found.model_dump_json()


def test_a_code_typed_in_lowercase_with_spaces_is_the_same_code(verify, issued):
    typed = " ".join(issued.code[i:i + 4] for i in range(0, 20, 4)).lower()
    assert verify.by_code(typed, IP).codigo == issued.code


@pytest.mark.parametrize("code", ["2" * 20, "ABC", "../../etc", ""])
def test_an_unknown_code(verify, issued, code):
    with pytest.raises(NotFound) as refused:
        verify.by_code(code, IP)
    assert refused.value.message == "El código no corresponde a ningún documento expedido por la EPS"


def test_the_issued_file_is_recognised_by_its_hash(verify, issued):
    assert verify.by_file(issued.body, IP).codigo == issued.code


def test_a_file_altered_by_one_byte_is_not(verify, issued):
    middle = len(issued.body) // 2
    altered = issued.body[:middle] + bytes([issued.body[middle] ^ 1]) + issued.body[middle + 1:]
    with pytest.raises(NotFound) as refused:
        verify.by_file(altered, IP)
    assert refused.value.message == "El archivo no coincide con ningún documento expedido por la EPS"


def test_a_file_that_is_not_a_pdf_or_too_large(verify, issued):
    with pytest.raises(InvalidInput) as refused:
        verify.by_file(b"\x89PNG\r\n\x1a\n" + b"0" * 100, IP)
    assert refused.value.message == verification.NOT_A_PDF
    with pytest.raises(InvalidInput) as refused:
        verify.by_file(b"%PDF-1.7" + b"0" * verification.MAX_FILE_BYTES, IP)
    assert refused.value.message == verification.TOO_LARGE


def test_attempts_are_throttled_per_ip_found_or_not(verify, issued, clock):
    for n in range(verification.LIMIT_PER_WINDOW):
        if n % 2:
            verify.by_code(issued.code, IP)
        else:
            with pytest.raises(NotFound):
                verify.by_code("2" * 20, IP)
    with pytest.raises(TooManyRequests) as throttled:
        verify.by_code(issued.code, IP)
    assert throttled.value.message == verification.THROTTLED and 0 < throttled.value.retry_after_seconds <= 900
    with pytest.raises(TooManyRequests):
        verify.by_file(issued.body, IP)
    assert verify.by_code(issued.code, OTHER_IP).codigo == issued.code  # another caller is not held back
    clock["now"] += verification.WINDOW_SECONDS  # the next window
    assert verify.by_code(issued.code, IP).codigo == issued.code
