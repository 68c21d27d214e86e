"""Glosa details for the tests, loaded through the ingestion service (the extract's own columns)."""

from __future__ import annotations

import io

from chalicelib.ingest import service
from chalicelib.providers.repository import existing_providers
from chalicelib.spreadsheets import read_rows
from tests import factories

NIT = factories.nit_with_dv("900123456")
OTHER_NIT = factories.nit_with_dv("800987654")
HEADER = ["Nit", "Numero_factura", "Valor_factura", "Nombre_usuario", "Valor_glosa_aplicada", "Numero_nota_debito",
          "Codigo_general_glosa", "Codigo_especifico_glosa", "Consecutivo_Detalle", "Fecha_Notificacion_Glosa",
          "Consecutivo_conciliacion", "Valor_aceptado_IPS", "Observaciones_IPS_respuesta_a_glosa",
          "Prefijo_factura", "Sufijo_factura"]


def extract(*rows: list[str]) -> bytes:
    return "\n".join(";".join(r) for r in [HEADER, *rows]).encode()


def row(nit=NIT, sufijo="100", detail="1", conciliation="50001", notified="2024-03-05", glosa="9600",
        note="ND1", name="Ana Pérez", accepted="", observation=""):
    return [nit, f"FE{sufijo}", "654800", name, glosa, note, "3", "302", detail, notified, conciliation, accepted,
            observation, "FE", sufijo]


def ingest(data: bytes):
    rows = read_rows(io.BytesIO(data), "glosas.csv", service.columns_of("glosas"))
    written: list = []
    result = service.validate("glosas", rows, existing_providers, sink=written.extend)
    service.write("glosas", written)
    return result
