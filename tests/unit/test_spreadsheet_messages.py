"""What a refused file is told, per channel (issue 20, "Low"): whole sentences with the channel's real limits,
advice for the formats the channel takes, empty and password-protected files called so, a hidden first sheet
named."""

from __future__ import annotations

import io
import re

import pytest
import xlsxwriter

from chalicelib.cartera import columns as cartera
from chalicelib.cartera.validation import validate_file
from chalicelib.glosas import response_file as glosas
from chalicelib.ingest.pipeline import INGEST_LIMITS
from chalicelib.ingest.service import columns_of
from chalicelib.spreadsheets import FileRejected, read_rows
from tests.unit.cartera.test_validation import raw_xlsx
from tests.unit.test_hostile_spreadsheets import with_cell, workbook

CHANNELS = {
    "ingest": ("facturas.xlsx", columns_of("invoices"), INGEST_LIMITS),
    "cartera": ("cartera.xlsx", cartera.COLUMNS, cartera.LIMITS),
    "glosas": ("NI-900123456-20240312.xlsx", glosas.COLUMNS, glosas.LIMITS),
}


XLS = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600  # a legacy .xls's first bytes


def refusal(channel: str, body: bytes) -> str:
    filename, columns, limits = CHANNELS[channel]
    with pytest.raises(FileRejected) as refused:
        list(read_rows(io.BytesIO(body), filename, columns, limits))
    return str(refused.value)


def test_a_file_one_row_over_the_limit_is_told_so_in_a_whole_sentence():
    with pytest.raises(FileRejected) as refused:
        validate_file(io.BytesIO(raw_xlsx(cartera.MAX_ROWS + 1)), "c.xlsx")
    assert str(refused.value) == ("El archivo tiene más de 50.000 filas de datos, el máximo de este cargue; divídalo "
                                  "en varios archivos")


@pytest.mark.parametrize(("channel", "columns"), [
    ("cartera", "las 6 columnas de la plantilla"),
    ("glosas", "las 50 columnas del archivo descargado en Gestión de glosas"),
    ("ingest", "64 columnas"),
])
def test_data_far_to_the_right_is_refused_with_the_channel_s_own_columns(channel, columns):
    message = refusal(channel, with_cell("BZ2", 2))
    assert message.startswith("La hoja tiene datos en la columna BZ: se admiten como máximo ") and columns in message
    assert "51" not in message


@pytest.mark.parametrize("channel", ["cartera", "glosas"])
@pytest.mark.parametrize("body", [b"Numero Factura;Prefijo\nF1;FE\n", XLS])
def test_channels_taking_only_xlsx_advise_only_xlsx(channel, body):
    message = refusal(channel, body)
    assert ".xlsx" in message and "CSV" not in message


def test_ingest_still_advises_csv_too():
    assert "CSV UTF-8" in refusal("ingest", XLS)


@pytest.mark.parametrize("channel", list(CHANNELS))
def test_an_empty_file_is_called_empty(channel):
    assert refusal(channel, b"").startswith("El archivo está vacío")


def _encrypted_package() -> bytes:
    """The layout Excel gives a workbook saved with a password: an OLE compound file whose directory names an
    `EncryptedPackage` stream (here in the second sector, after 4 KB of the encrypted stream)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    entry = "EncryptedPackage".encode("utf-16-le").ljust(64, b"\0") + b"\0" * 64
    return header + bytes(range(256)) * 16 + entry + b"\0" * 512


@pytest.mark.parametrize("channel", list(CHANNELS))
def test_a_password_protected_workbook_is_called_so(channel):
    message = refusal(channel, _encrypted_package())
    assert message.startswith("El archivo está protegido con contraseña"), message


@pytest.mark.parametrize("channel", list(CHANNELS))
def test_a_legacy_xls_is_called_so(channel):
    assert "Excel 97-2003 (.xls)" in refusal(channel, XLS)


def _hidden_first_sheet() -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    hidden = book.add_worksheet("Datos viejos")
    hidden.write_row(0, 0, ["NIT", "Prefijo"])
    visible = book.add_worksheet("Facturas")
    visible.write_row(0, 0, ["NIT", "Prefijo"])
    visible.activate()
    hidden.hide()
    book.close()
    return buffer.getvalue()


@pytest.mark.parametrize("channel", list(CHANNELS))
def test_a_hidden_first_sheet_is_named(channel):
    message = refusal(channel, _hidden_first_sheet())
    assert re.match(r'La primera hoja del libro, "Datos viejos", está oculta', message), message


def test_a_visible_first_sheet_is_read_as_before():
    filename, columns, limits = CHANNELS["ingest"]
    assert len(list(read_rows(io.BytesIO(workbook(rows=3)), filename, columns, limits))) == 2
