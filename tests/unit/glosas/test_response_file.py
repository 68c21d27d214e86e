"""The response file's own cells (no AWS): what a row says, and the result file written back."""

from __future__ import annotations

import io

import pytest
from python_calamine import CalamineWorkbook

from chalicelib.glosas import response_file
from chalicelib.glosas.responses import REFUSED
from chalicelib.ingest.schemas.glosas import EXPORT_COLUMNS
from chalicelib.spreadsheets import FileRejected

NAMES = [name for name, *_ in EXPORT_COLUMNS]


def values(**given) -> dict[str, str]:
    row = dict.fromkeys(NAMES, "")
    row.update({"Nit": "900123456-8", "Numero_factura": "fe100", "Consecutivo_Detalle": "001",
                "Consecutivo_conciliacion": "50001", "Valor_glosa_aplicada": "9600",
                "Fecha_Notificacion_Glosa": "2024-03-05"})
    row.update(given)
    return row


def test_a_row_says_which_detail_and_what_answer():
    row = response_file.parse_row(7, values(Valor_aceptado_IPS="1.223", Valor_sustentado_IPS="8377",
                                            Numero_nota_credito_IPS="NC-1", Observaciones_IPS_respuesta_a_glosa="ok"))
    assert (row.fila, row.conciliacion, row.factura, row.detalle, row.nit) == (7, "50001", "FE100", "1", "900123456")
    assert (row.aceptado, row.sustentado, row.nota_credito, row.observaciones, row.error) == (
        1223, 8377, "NC-1", "ok", None)


def test_a_row_without_answer_is_left_for_later():
    row = response_file.parse_row(2, values())
    assert row.aceptado is None and row.sustentado is None and row.error is None


@pytest.mark.parametrize(("given", "reason"), [
    ({"Valor_aceptado_IPS": "12,5", "Observaciones_IPS_respuesta_a_glosa": "x"}, "Valor_aceptado_IPS"),
    ({"Valor_sustentado_IPS": "-5", "Observaciones_IPS_respuesta_a_glosa": "x"},
     "Valor_sustentado_IPS no puede ser negativo"),
    ({"Valor_aceptado_IPS": "$ -1.200", "Observaciones_IPS_respuesta_a_glosa": "x"},
     "Valor_aceptado_IPS no puede ser negativo"),
    ({"Valor_aceptado_IPS": "100"}, "Observaciones_IPS_respuesta_a_glosa es obligatoria"),
    ({"Valor_aceptado_IPS": "1", "Observaciones_IPS_respuesta_a_glosa": "x", "Numero_nota_credito_IPS": "N" * 21},
     "Numero_nota_credito_IPS supera 20"),
    ({"Consecutivo_Detalle": "", "Valor_aceptado_IPS": "1", "Observaciones_IPS_respuesta_a_glosa": "x"},
     "Consecutivo_Detalle"),
])
def test_a_row_that_cannot_be_read_says_why_with_the_seed_prefix(given, reason):
    error = response_file.parse_row(3, values(**given)).error
    assert error.startswith(REFUSED) and reason in error


def test_the_result_file_is_the_same_row_typed_again_with_its_result():
    cells = [values(Valor_aceptado_IPS="1223", Observaciones_IPS_respuesta_a_glosa="=cmd|' /C calc'!A0"),
             values(Valor_aceptado_IPS="-1.200", Valor_sustentado_IPS="12abc", Fecha_Notificacion_Glosa="31/02/2024",
                    Observaciones_IPS_respuesta_a_glosa="+573001234567")]
    out = io.BytesIO()
    response_file.write_result(out, [(line, [c[name] for name in NAMES]) for line, c in enumerate(cells, start=2)],
                               {2: "Respuesta registrada"})
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(out.getvalue())).get_sheet_by_name("Detalle de Glosa 1")
    header, row, refused = sheet.to_python()
    assert header[-1] == "Resultado del Cargue" and len(header) == 51
    got = dict(zip(header, row, strict=True))
    assert got["Valor_aceptado_IPS"] == 1223 and got["Valor_glosa_aplicada"] == 9600  # numbers again
    assert got["Fecha_Notificacion_Glosa"].isoformat().startswith("2024-03-05")  # a date cell
    assert got["Observaciones_IPS_respuesta_a_glosa"] == "=cmd|' /C calc'!A0"  # as written, in a string cell
    assert got["Resultado del Cargue"] == "Respuesta registrada"
    refused = dict(zip(header, refused, strict=True))
    assert (refused["Valor_aceptado_IPS"], refused["Valor_sustentado_IPS"]) == (-1200, "12abc")  # typed where readable
    assert refused["Fecha_Notificacion_Glosa"] == "31/02/2024"
    assert refused["Observaciones_IPS_respuesta_a_glosa"] == "+573001234567"  # the provider's data, unchanged


def test_a_file_without_the_export_columns_is_refused_whole():
    from tests.unit.test_hostile_spreadsheets import workbook  # another channel's columns

    with pytest.raises(FileRejected, match="Encabezado inválido"):
        response_file.parse(io.BytesIO(workbook()), "respuestas.xlsx")


def test_only_xlsx_is_read_whatever_the_name():
    with pytest.raises(FileRejected, match=r"no es un libro de Excel \.xlsx válido; guárdelo como \.xlsx"):
        response_file.parse(io.BytesIO(b"Nit;Numero_factura\n1;2\n"), "respuestas.csv")
