"""The reconciliation rule of one invoice, by hand (no AWS)."""

from __future__ import annotations

from chalicelib.cartera.eps_reads import EpsInvoice
from chalicelib.cartera.reconcile import NOT_FOUND, reconcile

ROW = {"numero_factura": "FE1", "prefijo": "FE", "sufijo": "1", "fecha_factura": "2024-01-15",
       "valor_factura": 1_000_000, "saldo_factura": 1_000_000}


def eps(estado="radicada", **values) -> EpsInvoice:
    return EpsInvoice("R1", "2024-01-20", estado, values.pop("valor_factura", 1_000_000), **values)


def test_unknown_invoice_is_owed_nothing_and_the_whole_balance_differs():
    result = reconcile(ROW, None)
    assert (result.found, result.estado, result.saldo_reconocido, result.diferencia) == (False, NOT_FOUND, 0, 1_000_000)


def test_paid_part_accepted_glosa_and_disputed_glosa_are_not_recognised():
    result = reconcile(ROW, eps("levantada", valor_pagado=300_000, valor_glosado=400_000, valor_aceptado_ips=100_000,
                                valor_levantado=200_000))
    # disputed = 400 − 100 − 200 = 100; recognised = 1,000 − 300 − 100 − 100 = 500 (thousands)
    assert (result.glosa_en_discusion, result.saldo_reconocido, result.diferencia) == (100_000, 500_000, 500_000)
    assert result.observacion == "Glosa en revisión de la EPS; Saldo diferente: la EPS reconoce $500.000"


def test_overpaid_invoice_is_never_negative_and_different_value_is_noted():
    result = reconcile({**ROW, "saldo_factura": 0}, eps("pagada_total", valor_factura=900_000, valor_pagado=950_000))
    assert (result.saldo_reconocido, result.diferencia) == (0, 0)
    assert result.observacion == "Pagada totalmente; Valor factura diferente: la EPS tiene radicado $900.000"


def test_returned_and_unfiled_invoices_are_owed_nothing():
    assert reconcile(ROW, eps("devuelta")).saldo_reconocido == 0
    assert reconcile(ROW, eps("no_radicada")).observacion.startswith("Factura no radicada")
