from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date

import pytest

from chalicelib.eps.models import Invoice, InvoiceTotals
from chalicelib.glosas.models import GlosaDetail
from chalicelib.indicators.models import Authorization
from chalicelib.payments.models import Payment, PaymentLine
from devstack.demodata import generate

from .conftest import DEMO_NIT, csv_bytes, load

ENTITIES = ("providers", "invoices", "payments", "glosas", "authorizations")


@pytest.fixture
def demo_files(tmp_path):
    generate(tmp_path, providers=3, invoices_per_provider=15, seed=11, today=date(2024, 12, 31))
    return {e: (tmp_path / f"{e}.csv").read_bytes() for e in ENTITIES}


@pytest.fixture
def demo_loaded(aws, demo_files):
    results = {e: load(e, demo_files[e]) for e in ENTITIES}
    for entity, result in results.items():
        assert result.rejected == [], entity
        assert result.accepted_rows == result.total_rows > 0, entity
    return results


def rows_of(data: bytes) -> list[dict]:
    return list(csv.DictReader(data.decode("utf-8").splitlines()))


def test_every_entity_loads_and_totals_are_derived(demo_loaded, demo_files):
    payments = rows_of(demo_files["payments"])
    assert Payment.count("NI#900123456") == len({r["Número pago"] for r in payments if r["NIT"] == DEMO_NIT})
    paid, glosado = defaultdict(int), defaultdict(int)
    for r in payments:
        paid[(r["NIT"], r["Prefijo factura"], r["Sufijo factura"])] += int(r["Valor pagado factura"])
    for r in rows_of(demo_files["glosas"]):
        glosado[(r["Nit"], r["Prefijo_factura"], r["Sufijo_factura"])] += int(r["Valor_glosa_aplicada"])
    for r in rows_of(demo_files["invoices"]):
        key = (r["NIT"], r["Prefijo"], r["Sufijo"])
        assert Invoice.get(f"NI#{r['NIT'][:-2]}", f"{r['Prefijo']}#{r['Sufijo']}")
        stored = _totals(f"NI#{r['NIT'][:-2]}", f"{r['Prefijo']}#{r['Sufijo']}")
        assert (stored.valor_pagado, stored.valor_glosado) == (paid[key], glosado[key])
    assert sum(1 for _ in PaymentLine.by_invoice.query(next(iter(_invoice_pks(payments))))) >= 1


def _totals(provider_id: str, key: str) -> InvoiceTotals:
    try:
        return InvoiceTotals.get(provider_id, key)
    except InvoiceTotals.DoesNotExist:  # nothing paid nor glosado: derive never wrote it
        return InvoiceTotals(provider_id, key)


def _invoice_pks(payments):
    for r in payments:
        yield f"NI#{r['NIT'][:-2]}#{r['Prefijo factura']}#{r['Sufijo factura']}"


def test_glosas_queryable_by_invoice_and_notification_date(demo_loaded, demo_files):
    first = rows_of(demo_files["glosas"])[0]
    provider = f"NI#{first['Nit'][:-2]}"
    invoice_pk = f"{provider}#{first['Prefijo_factura']}#{first['Sufijo_factura']}"
    details = list(GlosaDetail.by_invoice.query(invoice_pk))
    assert details and all(d.numero_factura == first["Numero_factura"] for d in details)
    day = first["Fecha_Notificacion_Glosa"]
    by_day = GlosaDetail.by_notification_date.query(provider, GlosaDetail.notification_key.startswith(day))
    assert any(d.detail_key == details[0].detail_key for d in by_day)


def test_authorizations_by_year(demo_loaded):
    items = list(Authorization.query("NI#900123456", Authorization.authorization_key.startswith("2024-")))
    assert items and all(a.fecha_generacion.startswith("2024") for a in items)
    assert any(a.fecha_utilizacion is None for a in Authorization.query("NI#900123456"))


def test_reloading_every_file_changes_no_count(demo_loaded, demo_files):
    def counts():
        return [
            Invoice.count("NI#900123456"),
            Payment.count("NI#900123456"),
            GlosaDetail.count("NI#900123456"),
            Authorization.count("NI#900123456"),
        ]

    before = counts()
    invoice_before = [i.attribute_values for i in Invoice.query("NI#900123456")]
    for entity in ENTITIES:
        load(entity, demo_files[entity])
    assert counts() == before
    assert [i.attribute_values for i in Invoice.query("NI#900123456")] == invoice_before


PAYMENT_HEADER = [
    "NIT", "Tipo de pago", "Número pago", "Fecha de pago", "Valor pagado",
    "Prefijo factura", "Sufijo factura", "Valor factura", "Valor pagado factura",
]  # fmt: skip


def test_payment_rows_must_agree_on_the_payment_columns(providers_loaded):
    result = load(
        "payments",
        csv_bytes(
            PAYMENT_HEADER,
            [DEMO_NIT, "Transferencia Electrónica", "77", "2024-03-01", "300", "FE", "1", "1000", "100"],
            [DEMO_NIT, "Transferencia Electrónica", "77", "2024-03-02", "300", "FE", "2", "1000", "200"],
            [DEMO_NIT, "Transferencia Electrónica", "78", "2024-03-01", "100", "FE", "3", "1000", "200"],
            [DEMO_NIT, "Legalización", "79", "2024-03-01", "2000", "FE", "3", "1000", "1500"],
        ),
    )
    assert [(r.line, r.reasons) for r in result.rejected] == [
        (3, ['"Fecha de pago" no coincide con la fila 2 para el mismo pago']),
        (4, ['"Valor pagado factura" supera el "Valor pagado" del pago']),
        (5, ['"Valor pagado factura" supera "Valor factura"']),
    ]
    assert [line.invoice_key for line in PaymentLine.query("NI#900123456#77")] == ["FE#1"]


def test_glosa_answer_may_not_exceed_the_glosa(providers_loaded, demo_files):
    header, *rows = list(csv.reader(demo_files["glosas"].decode().splitlines()))
    row = dict(zip(header, rows[0], strict=True))
    row.update(
        {"Nit": DEMO_NIT, "Valor_aceptado_IPS": row["Valor_glosa_aplicada"], "Valor_sustentado_IPS": "1"}
    )
    result = load("glosas", csv_bytes(header, [row[h] for h in header]))
    assert result.rejected[0].reasons == [
        "La sumatoria del valor aceptado y el valor sustentado, supera el valor de la glosa"
    ]


def test_provider_with_unknown_departamento_is_rejected(aws):
    result = load(
        "providers",
        csv_bytes(["NIT", "Razón social", "Código sucursal", "Nombre sucursal", "Departamento"],
                  [DEMO_NIT, "X", "001", "Sede", "Narnia"]),
    )  # fmt: skip
    assert result.rejected[0].reasons == [
        'Columna "Departamento": "Narnia" no es un departamento de Colombia'
    ]


def test_provider_rows_must_agree_on_razon_social(aws):
    result = load(
        "providers",
        csv_bytes(["NIT", "Razón social", "Código sucursal", "Nombre sucursal"],
                  [DEMO_NIT, "Clínica A", "001", "Sede 1"], [DEMO_NIT, "Clínica B", "002", "Sede 2"]),
    )  # fmt: skip
    assert result.rejected[0].reasons == ['"Razón social" no coincide con la fila 2 para el mismo prestador']
