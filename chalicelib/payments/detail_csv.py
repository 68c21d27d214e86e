"""The payment detail file (seed 002 §5): the seed's 19 columns, one row per invoice the payment settled.

Written for a double click in Excel with Colombian regional settings and for LibreOffice:
- UTF-8 with BOM (Excel reads UTF-8 only with it; LibreOffice honours it), CRLF line ends;
- ";" between fields: the list separator of the es-CO locale, whose decimal separator is ",";
- dates DD/MM/AAAA (the es-CO short date, read as dates by both programs);
- money as whole pesos without separators (1800000000): a number in every locale, nothing to misread;
- text cells starting with = + - @ tab or CR get a leading apostrophe (formula injection).
Rows are written as they come, so memory does not grow with the number of lines.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import BinaryIO

from chalicelib.common.spreadsheet import BOM, EXCEL_ES, neutralise
from chalicelib.payments.types import Payment, PaymentLine

HEADER = (
    "NIT", "TIPO DE PAGO", "NÚMERO CUENTA BANCO", "NÚMERO PAGO", "FECHA DE PAGO", "VALOR PAGADO",
    "TIPO DOCUMENTO", "PREFIJO FACTURA", "SUFIJO FACTURA", "SUFIJO FACTURA APLICADO", "FECHA FACTURA",
    "VALOR FACTURA", "IVA", "RETEFUENTE", "RETEICA", "RETEIVA", "OTROS", "COMPAÑÍA", "NO_RADICADO",
)
_FLUSH_EVERY = 500


def spreadsheet_date(iso: str | None) -> str:
    """ "2024-03-22" → "22/03/2024"."""
    if not iso:
        return ""
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def _text(value: str | None) -> str:
    return neutralise(value) if value else ""


def _number(value: int | None) -> str:
    return "" if value is None else str(int(value))


def nit_of(provider_id: str) -> str:
    """The NIT without check digit, as in the EPS's extracts ("NI#900123456" → "900123456")."""
    return provider_id.partition("#")[2]


def payment_cells(payment: Payment) -> list[str]:
    return [
        _text(nit_of(payment.provider_id)), _text(payment.tipo_pago), _text(payment.numero_cuenta_banco),
        _text(payment.payment_number), spreadsheet_date(payment.fecha_pago), _number(payment.valor_pagado),
    ]


def line_cells(line: PaymentLine) -> list[str]:
    return [
        _text(line.tipo_documento), _text(line.prefijo), _text(line.sufijo), _text(line.sufijo_aplicado),
        spreadsheet_date(line.fecha_factura), _number(line.valor_factura), _number(line.iva),
        _number(line.retefuente), _number(line.reteica), _number(line.reteiva), _number(line.otros),
        _text(line.compania), _text(line.no_radicado),
    ]


def write_detail(out: BinaryIO, payment: Payment, lines: Iterable[PaymentLine]) -> int:
    """Write the file into `out`; returns the number of lines (invoices) written."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, dialect=EXCEL_ES)
    buffer.write(BOM)
    writer.writerow(HEADER)
    head = payment_cells(payment)
    count = 0
    for count, line in enumerate(lines, start=1):  # noqa: B007 (the count is the result)
        writer.writerow([*head, *line_cells(line)])
        if count % _FLUSH_EVERY == 0:
            out.write(buffer.getvalue().encode("utf-8"))
            buffer.seek(0)
            buffer.truncate()
    out.write(buffer.getvalue().encode("utf-8"))
    return count


def detail_filename(payment_number: str) -> str:
    return f"detalle-pago-{payment_number}.csv"
