"""The conciliation's detail file: made while the request waits up to a number of lines, refused past it after
reading one line more (never the whole conciliation); the file keeps its 50 typed columns and text as written."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from chalicelib.common.errors import InvalidQuery
from chalicelib.common.files import FileDownload
from chalicelib.common.identifiers import nit_check_digit
from chalicelib.glosas.models import GlosaDetail, GlosaResponse
from chalicelib.glosas.service import GlosaQueryService
from tests.unit.payments.fakes import FakeDownloads

PROVIDER = "NI#900123456"


def detail(n: int, **fields) -> GlosaDetail:
    return GlosaDetail(PROVIDER, f"50001#FE#{n}#1", invoice_key=f"FE#{n}", nit="900123456", numero_factura=f"FE{n}",
                       valor_glosa_aplicada=9600, fecha_notificacion_glosa="2024-03-05", consecutivo_detalle="1",
                       consecutivo_conciliacion="50001", **fields)


class CountingStore:
    """Yields `lines` details of conciliation 50001 lazily and counts how many were taken."""

    def __init__(self, lines: int, responses: dict | None = None, **first_fields):
        self.lines, self.taken, self._responses, self._first = lines, 0, responses or {}, first_fields

    def details_of_conciliation(self, provider_id, conciliation):
        for n in range(1, self.lines + 1):
            self.taken += 1
            yield detail(n, **(self._first if n == 1 else {}))

    def responses(self, provider_id, detail_keys):
        return {k: self._responses[k] for k in detail_keys if k in self._responses}


def service(store, **options) -> GlosaQueryService:
    return GlosaQueryService(store, FakeDownloads(), lambda: date(2024, 3, 8), **options)


def test_a_conciliation_over_the_limit_is_refused_after_one_line_more_with_the_alternative():
    store = CountingStore(50)
    with pytest.raises(InvalidQuery) as refused:
        service(store, max_detail_lines=10).detail_file(PROVIDER, "50001")
    assert store.taken == 11
    assert refused.value.code == "DETALLE_DEMASIADO_GRANDE"
    assert "más de 10 detalles" in refused.value.message and "PQRS" in refused.value.message


def test_a_conciliation_at_the_limit_is_answered_with_typed_cells_and_text_as_written():
    answer = GlosaResponse(PROVIDER, "50001#FE#1#1", valor_aceptado_ips=4000, valor_sustentado_ips=5600,
                           observaciones_ips_respuesta_a_glosa="=1+2")
    store = CountingStore(10, {"50001#FE#1#1": answer}, nombre_usuario="@SUM(A1)")
    result = service(store, max_detail_lines=10).detail_file(PROVIDER, "50001")
    assert isinstance(result, FileDownload) and result.records == 10
    sheet = load_workbook(io.BytesIO(result.body))["Detalle de Glosa 1"]
    header = [c.value for c in sheet[1]]
    first = {name: cell for name, cell in zip(header, sheet[2], strict=True)}
    assert first["Nit"].value == f"900123456-{nit_check_digit('900123456')}"
    assert first["Valor_glosa_aplicada"].value == 9600 and first["Valor_glosa_aplicada"].number_format == "#,##0"
    assert first["Fecha_Notificacion_Glosa"].value.date() == date(2024, 3, 5)
    assert first["Valor_aceptado_IPS"].value == 4000
    for name, text in (("Observaciones_IPS_respuesta_a_glosa", "=1+2"), ("Nombre_usuario", "@SUM(A1)")):
        assert first[name].value == text and first[name].data_type == "s"  # a string cell, never a formula
    assert sheet.max_row == 11
