import hashlib
from datetime import datetime

from chalicelib.common.clock import BOGOTA
from chalicelib.pdf.issuer import InMemoryIssuedRegistry, PdfIssuer
from chalicelib.pdf.render import Letterhead
from chalicelib.pdf.spec import DocumentSpec, Paragraph
from tests.pdf_reading import pdf_text

WHEN = datetime(2026, 12, 7, 9, 30, tzinfo=BOGOTA)


def issue():
    registry = InMemoryIssuedRegistry()
    issuer = PdfIssuer(Letterhead("EPS-SOS", "805001157-2", "https://x.example/v"), registry, lambda: WHEN)
    spec = DocumentSpec("certificado-afiliacion", "Certificado de afiliación", "ref-1", "José Pérez Gómez",
                        "1032456789", "1032456789", (Paragraph("Afiliado activo."),))
    return issuer.issue(spec), registry


def test_the_registry_keeps_the_hash_and_only_a_masked_holder():
    issued, registry = issue()
    record = registry.records[issued.code]
    assert record.sha256 == hashlib.sha256(issued.data).hexdigest() == issued.sha256
    assert (record.holder_initials, record.holder_document_tail) == ("J. P. G.", "789")
    assert f"Código de verificación: {issued.code}" in pdf_text(issued.data)


def test_the_file_name_has_kind_date_and_code_only():
    issued, _ = issue()
    assert issued.file_name == f"certificado-afiliacion-20261207-{issued.code}.pdf"
    assert "1032456789" not in issued.file_name and len(issued.code) == 20


def test_codes_differ_between_issues():
    assert issue()[0].code != issue()[0].code
