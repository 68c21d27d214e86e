"""Rules of the EPS's glosas extract that need no AWS: catalogue codes, invoice number, no answer completeness."""

from __future__ import annotations

import io

from chalicelib.ingest import service
from chalicelib.spreadsheets import read_rows
from tests.api.test_glosas import extract, row


def reasons(*rows):
    data = extract(*rows)
    result = service.validate("glosas", read_rows(io.BytesIO(data), "g.csv", service.columns_of("glosas")),
                              lambda ids: set(ids))
    return {r.line: r.reasons for r in result.rejected}, result.accepted_rows


def test_codes_outside_the_catalogue_are_refused():
    bad = row(detail="2")
    bad[6], bad[7] = "7", "999"
    rejected, accepted = reasons(row(), bad)
    assert accepted == 1
    missing = "no está en el catálogo de glosas de la EPS"
    assert rejected[3] == [f'Columna "Codigo_general_glosa": el código 7 {missing}',
                           f'Columna "Codigo_especifico_glosa": el código 999 {missing}']


def test_numero_factura_must_agree_with_prefijo_and_sufijo():
    other = row(detail="2")
    other[1] = "FE999"
    zeros = row(detail="3")
    zeros[1] = "FE-00100"
    rejected, accepted = reasons(row(), other, zeros)
    assert accepted == 2  # separators and leading zeros aside, FE-00100 is FE 100
    assert rejected[3] == ['"Numero_factura" FE999 no corresponde a Prefijo_factura "FE" y Sufijo_factura "100"']


def test_an_invoice_partly_answered_in_the_extract_is_loaded():
    # Completeness of answers is the provider's response upload's rule, not the EPS extract's.
    rejected, accepted = reasons(row(detail="1", accepted="100"), row(detail="2"))
    assert (rejected, accepted) == ({}, 2)
