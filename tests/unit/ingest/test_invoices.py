from __future__ import annotations

from chalicelib.common.identifiers import nit_check_digit
from chalicelib.eps.models import Invoice, InvoiceTotals
from chalicelib.ingest import service
from chalicelib.providers.models import ProviderRecord
from chalicelib.providers.repository import existing_providers

from .conftest import DEMO_NIT, OTHER_NIT, csv_bytes, load, read_rows_of

HEADER = [
    "NIT",
    "Prefijo",
    "Sufijo",
    "Número factura",
    "Sucursal",
    "Fecha factura",
    "Valor factura",
    "Número radicado",
    "Fecha radicación",
    "Estado",
]


def invoice(
    nit=DEMO_NIT, prefijo="FE", sufijo="1001", valor="1500000", estado="radicada", fecha="15/01/2024"
):
    return [nit, prefijo, sufijo, f"{prefijo}{sufijo}", "001", fecha, valor, "R-1", "2024-01-20", estado]


def test_providers_grouped_with_their_sucursales(providers_loaded):
    assert providers_loaded.accepted_rows == 3 and providers_loaded.records == 2
    demo = ProviderRecord.get("NI#900123456")
    assert demo.razon_social == "Clínica Demo del Valle S.A.S."
    assert [s.code for s in demo.sucursales] == ["001", "002"]
    assert demo.check_digit == DEMO_NIT[-1]


def test_invoices_happy_path(providers_loaded):
    result = load(
        "invoices",
        csv_bytes(
            HEADER,
            invoice(),
            invoice(sufijo="1002", valor="2.350.000"),
            invoice(nit=OTHER_NIT, prefijo="", sufijo="7"),
        ),
    )
    assert (result.total_rows, result.accepted_rows, result.rejected_rows) == (3, 3, 0)
    stored = Invoice.get("NI#900123456", "FE#1002")
    assert stored.valor_factura == 2_350_000 and stored.fecha_factura == "2024-01-15"
    assert stored.estado == "radicada"
    assert Invoice.get("NI#800987654", "#7").prefijo == ""


def test_bad_rows_are_rejected_with_their_reason_and_the_rest_loaded(providers_loaded):
    unknown_nit = "811222333-" + __import__("stdnum.co.nit").co.nit.calc_check_digit("811222333")
    bad_dv = DEMO_NIT[:-1] + str((int(DEMO_NIT[-1]) + 1) % 10)
    data = csv_bytes(
        HEADER,
        invoice(sufijo="1"),  # line 2, ok
        invoice(sufijo=""),  # 3 missing required
        invoice(sufijo="3", valor="12abc"),  # 4 wrong type
        invoice(nit=bad_dv, sufijo="4"),  # 5 bad check digit
        invoice(nit=unknown_nit, sufijo="5"),  # 6 unknown provider
        invoice(sufijo="1"),  # 7 duplicated key
        invoice(sufijo="6", fecha="31/02/2024"),  # 8 bad date
        invoice(sufijo="7", estado="Pagada totalmente"),  # 9 ok, by label
    )
    result = load("invoices", data)
    reasons = {r.line: r.reasons for r in result.rejected}
    assert reasons == {
        3: ['Campo obligatorio "Sufijo" vacío'],
        4: ['Columna "Valor factura": debe ser un número entero'],
        5: ['Columna "NIT": el dígito de verificación no es válido'],
        6: ["El prestador NI 811222333 no existe en el registro de prestadores"],
        7: ["Registro duplicado: la llave NIT 900123456, Prefijo FE, Sufijo 1 ya aparece en la fila 2"],
        8: ['Columna "Fecha factura": fecha inválida, use AAAA-MM-DD o DD/MM/AAAA'],
    }
    assert result.accepted_rows == 2
    assert {i.invoice_key for i in Invoice.query("NI#900123456")} == {"FE#1", "FE#7"}
    assert result.rejected[0].values["Número factura"] == "FE"


def test_reload_is_idempotent_and_a_corrected_row_replaces_the_old_one(providers_loaded):
    data = csv_bytes(HEADER, invoice(sufijo="1"), invoice(sufijo="2"))
    load("invoices", data)
    load("invoices", data)
    assert Invoice.count("NI#900123456") == 2
    load("invoices", csv_bytes(HEADER, invoice(sufijo="2", valor="999", estado="devuelta")))
    assert Invoice.count("NI#900123456") == 2
    corrected = Invoice.get("NI#900123456", "FE#2")
    assert (corrected.valor_factura, corrected.estado) == (999, "devuelta")


def test_reload_keeps_derived_totals(providers_loaded):
    load("invoices", csv_bytes(HEADER, invoice(sufijo="1")))
    InvoiceTotals("NI#900123456", "FE#1", valor_pagado=10, valor_glosado=5).save()
    load("invoices", csv_bytes(HEADER, invoice(sufijo="1", valor="2000000")))
    totals = InvoiceTotals.get("NI#900123456", "FE#1")
    assert Invoice.get("NI#900123456", "FE#1").valor_factura == 2_000_000
    assert (totals.valor_pagado, totals.valor_glosado) == (10, 5)


def test_radicacion_rules(providers_loaded):
    row = invoice(sufijo="9")
    row[7] = ""
    late = invoice(sufijo="10")
    late[8] = "2023-12-01"
    result = load("invoices", csv_bytes(HEADER, row, late))
    assert [r.reasons for r in result.rejected] == [
        ['"Número radicado" y "Fecha radicación" son obligatorios si la factura está radicada'],
        ['"Fecha radicación" es anterior a "Fecha factura"'],
    ]


def test_codes_a_spreadsheet_stored_as_numbers_still_match(providers_loaded):
    row = invoice(sufijo="0042")
    row[4] = "1"  # LibreOffice saved sucursal 001 as the number 1
    result = load("invoices", csv_bytes(HEADER, row))
    assert result.accepted_rows == 1
    stored = Invoice.get("NI#900123456", "FE#42")  # sufijo 0042 and 42 are the same invoice
    assert (stored.sufijo, stored.sucursal) == ("42", "001")


def test_rejections_reach_their_sink_in_line_order_whatever_the_reason(providers_loaded):
    unknown = f"811222333-{nit_check_digit('811222333')}"
    data = csv_bytes(HEADER, invoice(nit=unknown, sufijo="1"), invoice(valor="abc", sufijo="2"),
                     invoice(sufijo="3"), invoice(nit=unknown, sufijo="4"), invoice(sufijo="3"))
    seen = []
    result = service.validate("invoices", read_rows_of("invoices", data), existing_providers,
                              sink=lambda chunk: None, chunk_size=2, reject=seen.append)
    assert [r.line for r in seen] == [2, 3, 5, 6]
    assert (result.rejected_rows, result.accepted_rows, result.rejected) == (4, 1, [])
