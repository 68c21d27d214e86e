"""EPS data of the reconciliation fixture (hand-computed expectations in test_reconciliation.py) and
cartera files as clients write them."""

from __future__ import annotations

import io
from datetime import date

import xlsxwriter

from chalicelib.eps.models import Invoice
from chalicelib.eps.repository import InvoiceRepository
from chalicelib.glosas.models import GlosaDetail
from chalicelib.glosas.repository import detail_key
from chalicelib.ingest.derive import derive_glosa_totals, derive_paid_totals
from chalicelib.payments.models import Payment, PaymentLine
from tests.payments_data import OTHER, PROVIDER, line, payment

HEADER = ("Numero Factura", "Prefijo", "Sufijo", "Fecha factura", "Valor factura", "Saldo factura")


def xlsx(rows, header=HEADER, sheets: int = 1) -> bytes:
    """An XLSX with date cells and numeric cells where the row gives date and int values."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Facturas")
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, header)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, date):
                sheet.write_datetime(r, c, value, dates)
            elif isinstance(value, int):
                sheet.write_number(r, c, value)
            elif value is not None:
                sheet.write_string(r, c, value)
    for n in range(1, sheets):
        book.add_worksheet(f"Otra {n}").write_string(0, 0, "x")
    book.close()
    return buffer.getvalue()


def _invoice(key_prefijo, sufijo, estado, valor, radicado="R-1", fecha_radicacion="2024-01-20",
             provider_id=PROVIDER) -> Invoice:
    return Invoice(provider_id, f"{key_prefijo}#{sufijo}", prefijo=key_prefijo, sufijo=sufijo,
                   numero_factura=f"{key_prefijo}{sufijo}", fecha_factura="2024-01-15", valor_factura=valor,
                   numero_radicado=radicado, fecha_radicacion=fecha_radicacion, estado=estado)


def _glosa(sufijo, detalle, valor, *, respondida=None, aceptado=None, levantado=None) -> GlosaDetail:
    key = f"FE#{sufijo}"
    return GlosaDetail(PROVIDER, f"C1#{key}#{detalle}", invoice_pk=f"{PROVIDER}#{key}",
                       notification_key=f"2024-02-10#C1#{key}#{detalle}", invoice_key=key, prefijo_factura="FE",
                       sufijo_factura=sufijo, nit="900123456", numero_factura=f"FE{sufijo}", valor_factura=1,
                       valor_glosa_aplicada=valor, codigo_general_glosa="1", codigo_especifico_glosa="101",
                       consecutivo_detalle=detalle, fecha_notificacion_glosa="2024-02-10",
                       consecutivo_conciliacion="C1",
                       fecha_respuesta_a_glosa_ips=respondida, valor_aceptado_ips=aceptado,
                       valor_glosa_levantado_eps=levantado)


def load_eps_fixture() -> None:
    invoices = [
        _invoice("FE", "1001", "radicada", 1_000_000),
        _invoice("FE", "1002", "pagada_total", 500_000),
        _invoice("FE", "1003", "glosada_parcial", 800_000),
        _invoice("FE", "1004", "levantada", 900_000),
        _invoice("", "77", "devuelta", 50_000),
        _invoice("FE", "5555", "radicada", 10, provider_id=OTHER),
    ]
    glosas = [_glosa("1003", "1", 200_000),
              _glosa("1004", "1", 300_000, respondida="2024-02-20", aceptado=100_000, levantado=150_000)]
    p1, p2, p3 = payment("2000", "2024-02-01"), payment("2001", "2024-03-05"), payment("2002", "2024-03-01")
    lines = [line(p1, "FE", "1002", applied=200_000), line(p2, "FE", "1002", applied=300_000),
             line(p3, "FE", "1004", applied=400_000)]
    for model, items in ((Invoice, invoices), (GlosaDetail, glosas), (Payment, [p1, p2, p3]), (PaymentLine, lines)):
        with model.batch_write() as batch:
            for item in items:
                batch.save(item)
    derive_eps_totals([p1, p2, p3], lines, glosas)


def derive_eps_totals(payments: list[Payment], lines: list[PaymentLine], glosas: list[GlosaDetail]) -> None:
    """The invoices' totals as ingestion keeps them: contributions of the extracts' rows, then derive."""
    dates = {p.payment_number: p.fecha_pago for p in payments}
    paid = [{"provider_id": li.provider_id, "prefijo": li.prefijo, "sufijo": li.sufijo,
             "numero_pago": li.payment_number, "fecha_pago": dates[li.payment_number],
             "valor_pagado_factura": li.valor_pagado_factura} for li in lines]
    glosa_rows = [{"provider_id": g.provider_id, "prefijo": g.prefijo_factura, "sufijo": g.sufijo_factura,
                   "consecutivo_conciliacion": g.consecutivo_conciliacion, "consecutivo_detalle": g.consecutivo_detalle,
                   "valor_glosa_aplicada": g.valor_glosa_aplicada, "valor_aceptado_ips": g.valor_aceptado_ips,
                   "valor_glosa_levantado_eps": g.valor_glosa_levantado_eps,
                   "fecha_respuesta_a_glosa_ips": g.fecha_respuesta_a_glosa_ips} for g in glosas]
    invoices = InvoiceRepository()
    invoices.put_paid_contributions(paid)
    invoices.put_glosa_contributions(glosa_rows, detail_key)
    derive_paid_totals(paid, invoices)
    derive_glosa_totals(glosa_rows, invoices)


FIXTURE_ROWS = [
    ("FE1001", "FE", "1001", date(2024, 1, 15), 1_000_000, 1_000_000),      # line 2: pending payment, balance agrees
    ("FE1002", "FE", "1002", "15/01/2024", "500.000", "300.000"),          # 3: paid in full; provider expects 300,000
    ("FE1003", "fe", "0001003", date(2024, 1, 15), 800_000, 800_000),      # 4: glosa awaiting the IPS
    ("FE1004", "FE", "1004", "2024-01-15", 900_000, 350_000),              # 5: glosa partly accepted/lifted, paid part
    ("FE9999", "FE", "9999", date(2024, 1, 15), 120_000, 120_000),          # 6: unknown to the EPS
    ("77", None, "77", date(2024, 1, 15), 50_000, 50_000),                  # 7: returned
    ("FE5555", "FE", "5555", date(2024, 1, 15), 10, 10),                    # 8: another provider's invoice
    ("FE1001", "FE", "1001", date(2024, 1, 15), 1_000_000, 1_000_000),      # 9: repeated → error
    ("FE1010", "FE", "1010", date(2024, 1, 15), 100, 200),                  # 10: saldo > valor → error
    ("FE1011", "FE", "1011", "31/02/2024", 100, 100),                       # 11: impossible date → error
    ("FE1012", "FE", "", date(2024, 1, 15), 100, 100),                      # 12: no sufijo → error
    ("FE1013", "FE", "1013", date(2024, 1, 15), "-100", "0"),               # 13: negative value → error
    ("=HYPERLINK(\"x\")", "FE", "1014", date(2024, 1, 15), 100, 100),  # 14: formula text, not found
    (None, None, None, None, None, None),                                   # trailing blank rows
    (None, None, None, None, None, None),
]
