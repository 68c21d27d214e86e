"""What the glosas repository hands out: frozen values with every attribute of the models, never a record."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, fields

import pytest

from chalicelib.glosas.models import GlosaDetail, GlosaResponse
from chalicelib.glosas.repository import as_detail, as_response


def test_a_detail_keeps_every_attribute_of_the_record_and_cannot_be_changed_or_saved():
    record = GlosaDetail("NI#900123456", "50001#FE#1#1", numero_factura="FE1", valor_glosa_aplicada=9600)
    detail = as_detail(record)
    assert [f.name for f in fields(detail)] == list(GlosaDetail.get_attributes())
    assert {name: getattr(detail, name) for name in GlosaDetail.get_attributes()} == {
        name: getattr(record, name) for name in GlosaDetail.get_attributes()}
    assert (detail.numero_factura, detail.valor_glosa_aplicada, detail.nombre_usuario) == ("FE1", 9600, None)
    assert not hasattr(detail, "save")
    with pytest.raises(FrozenInstanceError):
        detail.valor_glosa_aplicada = 0


def test_a_recorded_response_is_a_frozen_value_too():
    response = as_response(GlosaResponse("NI#900123456", "50001#FE#1#1", valor_aceptado_ips=700, late=True))
    assert (response.detail_key, response.valor_aceptado_ips, response.late, response.process_number) == (
        "50001#FE#1#1", 700, True, None)
    with pytest.raises(FrozenInstanceError):
        response.late = False
