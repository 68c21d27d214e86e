from datetime import datetime

from chalicelib.common.clock import BOGOTA
from chalicelib.pdf.render import Letterhead, Stamp, render
from chalicelib.pdf.spec import Barcode, DocumentSpec, Fields, Heading, Paragraph, Table
from tests.pdf_reading import pdf_codes, pdf_text

LETTERHEAD = Letterhead("EPS-SOS", "805001157-2", "https://oficina.example/portal/#/verificar")
STAMP = Stamp("K7Q2M9X4T8W3Z6P5R1N", datetime(2026, 12, 7, 15, 5, tzinfo=BOGOTA))


def spec(*blocks) -> DocumentSpec:
    return DocumentSpec("certificado-afiliacion", "Certificado de afiliación", "ref-1", "José Ñúñez", "1032456789",
                        "1032456789", blocks)


def test_the_letterhead_the_stamp_and_accents_read_back():
    text = pdf_text(render(spec(Heading("Datos del afiliado"), Fields((("Nombre", "José Ñúñez Güell"),)),
                                Paragraph("Se expide a solicitud del interesado.")), LETTERHEAD, STAMP))
    for expected in ("EPS-SOS", "NIT 805001157-2", "Vigilado Supersalud", "07/12/2026 03:05 p. m.",
                     "Usuario Generación: 1032456789", "Código de verificación: K7Q2M9X4T8W3Z6P5R1N",
                     "Certificado de afiliación", "Nombre: José Ñúñez Güell", "Se expide a solicitud del interesado."):
        assert expected in text


def test_the_qr_carries_the_verification_link():
    codes = pdf_codes(render(spec(Paragraph("x")), LETTERHEAD, STAMP))
    assert [c.text for c in codes if c.format == "QRCode"] == [
        "https://oficina.example/portal/#/verificar?codigo=K7Q2M9X4T8W3Z6P5R1N"]


def test_a_gs1_128_barcode_decodes_to_its_elements():
    data = "(415)7709998000018(8020)000123456(3900)0000150000(96)20261231"
    codes = pdf_codes(render(spec(Barcode("gs1-128", data, "Pague en bancos")), LETTERHEAD, STAMP))
    (code,) = [c for c in codes if c.format == "Code128"]
    assert code.gs1
    assert code.text == data  # zxing parses a well-formed GS1 element string back into its readable form


def test_tables_span_pages_and_an_empty_one_says_so():
    rows = tuple((f"{m:04d}", f"$ {m * 1000:,}".replace(",", ".")) for m in range(1, 121))
    text = pdf_text(render(spec(Table(("Periodo", "Valor"), rows, total=("Total", "$ 7.260.000")),
                                Table(("Folio",), (), empty_text="No registra incapacidades")), LETTERHEAD, STAMP))
    assert "0120" in text and "Total" in text and "No registra incapacidades" in text
    assert "Página 2" in text
