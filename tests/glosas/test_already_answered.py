"""A line the EPS's own extract already shows as answered (answered outside the portal, even lifted by the EPS)
is "already answered" for a response load, exactly as a line answered through the portal."""

from __future__ import annotations

import pytest

from chalicelib.glosas import responses
from chalicelib.glosas.models import GlosaDetail
from chalicelib.glosas.repository import EXTRACT_ANSWER, GlosaRepository
from tests.glosas.data import extract, ingest, row
from tests.glosas.test_glosa_loads import PROVIDER, by_line, download, fill, load, result_rows


def test_a_line_answered_in_the_eps_extract_is_not_answered_again(pipelines, client, tokens, clock):
    result = ingest(extract(
        row(conciliation="50009", sufijo="24743", detail="1", accepted="0", observation="Se adjuntan soportes"),
        row(conciliation="50009", sufijo="24744", detail="1", accepted="9600", observation="Se acepta"),
        row(conciliation="50009", sufijo="24744", detail="2")))  # the invoice's other line: not answered yet
    assert result.rejected == [], result.rejected
    body = fill(download(client, tokens["admin"], "50009"), {
        ("FE24743", "1"): (0, 9600, None, "Otra respuesta a la misma glosa"),
        ("FE24744", "1"): (9600, 0, "NC-1", "Otra vez"),
        ("FE24744", "2"): (0, 9600, None, "La línea que faltaba"),
    })
    job = load(client, tokens["admin"], body)
    assert by_line(result_rows(job)) == {
        ("FE24743", "1"): responses.ALREADY_ANSWERED,
        ("FE24744", "1"): responses.ALREADY_ANSWERED,
        ("FE24744", "2"): responses.RECORDED,  # its invoice is whole: line 1 was answered in the extract
    }
    assert responses.ALREADY_ANSWERED == ("Respuesta no registrada - El registro ya cuenta con una respuesta "
                                          "registrada previamente.")


@pytest.mark.parametrize("column", EXTRACT_ANSWER)
def test_any_answer_column_of_the_extract_marks_the_line_answered(aws, column):
    values = {"fecha_respuesta_a_glosa_ips": "2024-03-08", "codigo_respuesta_glosa_ips": "RE9602",
              "valor_aceptado_ips": 0, "valor_sustentado_ips": 9600,
              "fecha_respuesta_a_objeccion_a_glosa_eps": "2024-03-20", "valor_glosa_levantado_eps": 9600,
              "valor_glosa_ratificado_eps": 0}
    common = dict(invoice_pk=f"{PROVIDER}#FE#1", invoice_key="FE#1", sufijo_factura="1", nit="900123456",
                  numero_factura="FE1", valor_factura=10000, valor_glosa_aplicada=9600, codigo_general_glosa="3",
                  codigo_especifico_glosa="302", fecha_notificacion_glosa="2024-03-05",
                  consecutivo_conciliacion="50009")
    GlosaDetail(PROVIDER, "50009#FE#1#1", notification_key="2024-03-05#50009#FE#1#1", consecutivo_detalle="1",
                **common, **{column: values[column]}).save()
    GlosaDetail(PROVIDER, "50009#FE#1#2", notification_key="2024-03-05#50009#FE#1#2", consecutivo_detalle="2",
                **common).save()
    answered = {d.detail_key: d.answered_in_extract for d in GlosaRepository().matching_details(PROVIDER, "50009")}
    assert answered == {"50009#FE#1#1": True, "50009#FE#1#2": False}
