from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date, timedelta

import pytest

from chalicelib.affiliates import demo as affiliates
from chalicelib.common.identifiers import parse_nit
from chalicelib.eps.states import INVOICE_STATE_LABELS, InvoiceState
from devstack.affiliates_demodata import AffiliatesGenerator, Site
from devstack.demodata import DEMO_NIT, DEMO_RAZON_SOCIAL, ENTITIES, generate, main

TODAY = date(2026, 3, 10)
STATES = {**{s.value: s for s in InvoiceState}, **{label: s for s, label in INVOICE_STATE_LABELS.items()}}
DATE_COLUMNS = {"invoices": ("Fecha factura", "Fecha radicación"), "payments": ("Fecha de pago", "Fecha factura"),
                "glosas": ("Fecha_radicacion", "Fecha_Notificacion_Glosa", "Fecha_respuesta_a_glosa_IPS",
                           "Fecha_respuesta_a_objeccion_a_glosa_EPS"),
                "authorizations": ("Fecha generación", "Fecha utilización")}


def read(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_same_seed_same_bytes_other_seed_other_data(tmp_path):
    generate(tmp_path / "a", providers=4, invoices_per_provider=30, seed=7)
    main(["--providers", "4", "--invoices-per-provider", "30", "--seed", "7", "--out", str(tmp_path / "b")])
    generate(tmp_path / "c", providers=4, invoices_per_provider=30, seed=8)
    generate(tmp_path / "d", providers=4, invoices_per_provider=30, seed=7, today=TODAY)
    generate(tmp_path / "e", providers=4, invoices_per_provider=30, seed=7, today=TODAY)
    for entity in ENTITIES:
        assert (tmp_path / "d" / f"{entity}.csv").read_bytes() == (tmp_path / "e" / f"{entity}.csv").read_bytes()
    for entity in ENTITIES:
        a = (tmp_path / "a" / f"{entity}.csv").read_bytes()
        assert a == (tmp_path / "b" / f"{entity}.csv").read_bytes(), entity
        assert a != (tmp_path / "c" / f"{entity}.csv").read_bytes(), entity


@pytest.mark.parametrize("today", [TODAY, date(2027, 1, 2)])
def test_dates_are_the_last_18_months_up_to_today(tmp_path, today):
    """The portal's defaults (last 365 days, this year) show the data whatever day `make run` starts."""
    generate(tmp_path, providers=4, invoices_per_provider=40, seed=7, today=today)
    first = (today - timedelta(days=547)).isoformat()
    for entity, columns in DATE_COLUMNS.items():
        dates = [r[c] for r in read(tmp_path / f"{entity}.csv") for c in columns if r[c]]
        assert dates and first <= min(dates) and max(dates) <= today.isoformat(), entity
    year_ago = (today - timedelta(days=364)).isoformat()
    assert any(r["Fecha de pago"] >= year_ago for r in read(tmp_path / "payments.csv"))
    assert any(r["Fecha_Notificacion_Glosa"] >= year_ago for r in read(tmp_path / "glosas.csv"))
    assert any(r["Fecha generación"] >= year_ago for r in read(tmp_path / "authorizations.csv"))


def test_every_invoice_tells_one_story(tmp_path):
    """The invoice's state, its glosa details, the answers and decisions on them and its payments agree."""
    generate(tmp_path, providers=5, invoices_per_provider=200, seed=3, today=TODAY)
    invoices = {(r["NIT"], r["Prefijo"], r["Sufijo"]): r for r in read(tmp_path / "invoices.csv")}
    details = defaultdict(list)
    for r in read(tmp_path / "glosas.csv"):
        details[(r["Nit"], r["Prefijo_factura"], r["Sufijo_factura"])].append(r)
    paid = defaultdict(int)
    for r in read(tmp_path / "payments.csv"):
        paid[(r["NIT"], r["Prefijo factura"], r["Sufijo factura"])] += int(r["Valor pagado factura"])

    def total(key, column):
        return sum(int(r[column] or 0) for r in details[key])

    seen = set()
    for key, invoice in invoices.items():
        state, valor = STATES[invoice["Estado"]], int(invoice["Valor factura"])
        seen.add(state)
        glosado, accepted = total(key, "Valor_glosa_aplicada"), total(key, "Valor_aceptado_IPS")
        lifted, ratified = total(key, "Valor_glosa_levantado_EPS"), total(key, "Valor_glosa_ratificado_EPS")
        assert sorted(int(r["Consecutivo_Detalle"]) for r in details[key]) == list(range(1, len(details[key]) + 1))
        if state is InvoiceState.GLOSADA_TOTAL:
            assert glosado == valor
        if state is InvoiceState.ACEPTADA:
            assert glosado and accepted == glosado and lifted == ratified == 0
            assert all(r["Numero_nota_credito_IPS"] and r["Codigo_respuesta_glosa_IPS"] == "997" for r in details[key])
        if state is InvoiceState.LEVANTADA:
            assert lifted and lifted == glosado - accepted and ratified == 0
        if state is InvoiceState.RATIFICADA:
            assert ratified and ratified == glosado - accepted and lifted == 0
        if state in (InvoiceState.PAGADA_TOTAL, InvoiceState.PAGADA_PARCIAL, InvoiceState.CONCILIADA):
            assert accepted + lifted == glosado  # settled before it was paid
        if state is InvoiceState.PAGADA_TOTAL:
            assert paid[key] == valor - accepted
        elif state is InvoiceState.PAGADA_PARCIAL:
            assert 0 < paid[key] < valor - accepted
        elif state is not InvoiceState.CONCILIADA:
            assert paid[key] == 0
    assert seen == set(InvoiceState)


def test_generated_data_is_consistent(tmp_path):
    counts = generate(tmp_path, providers=5, invoices_per_provider=200, seed=3)
    providers = read(tmp_path / "providers.csv")
    nits = {r["NIT"] for r in providers}
    assert len(nits) == 5 and all(parse_nit(n) for n in nits)
    demo = [r for r in providers if parse_nit(r["NIT"]).number == DEMO_NIT]
    assert demo and {r["Razón social"] for r in demo} == {DEMO_RAZON_SOCIAL}
    sucursales = defaultdict(set)
    for r in providers:
        sucursales[r["NIT"]].add(r["Código sucursal"])
    assert all(1 <= len(s) <= 5 for s in sucursales.values())

    invoices = {(r["NIT"], r["Prefijo"], r["Sufijo"]): r for r in read(tmp_path / "invoices.csv")}
    assert len(invoices) == counts["invoices"] == 1000
    assert all(50_000 <= int(r["Valor factura"]) <= 50_000_000 for r in invoices.values())
    assert all(r["Sucursal"] in sucursales[r["NIT"]] for r in invoices.values())

    glosado = defaultdict(int)
    for r in read(tmp_path / "glosas.csv"):
        key = (r["Nit"], r["Prefijo_factura"], r["Sufijo_factura"])
        assert key in invoices, "glosa on an invoice that does not exist"
        assert r["Numero_factura"] == invoices[key]["Número factura"]
        glosado[key] += int(r["Valor_glosa_aplicada"])
        answered = int(r["Valor_aceptado_IPS"] or 0) + int(r["Valor_sustentado_IPS"] or 0)
        assert answered <= int(r["Valor_glosa_aplicada"]) <= int(r["Valor_facturado_IPS"])
    assert glosado

    accepted = defaultdict(int)
    for r in read(tmp_path / "glosas.csv"):
        accepted[(r["Nit"], r["Prefijo_factura"], r["Sufijo_factura"])] += int(r["Valor_aceptado_IPS"] or 0)
    paid, payment_totals, payment_sums = defaultdict(int), {}, defaultdict(int)
    for r in read(tmp_path / "payments.csv"):
        key = (r["NIT"], r["Prefijo factura"], r["Sufijo factura"])
        assert key in invoices, "payment of an invoice that does not exist"
        paid[key] += int(r["Valor pagado factura"])
        payment_totals[r["Número pago"]] = int(r["Valor pagado"])
        payment_sums[r["Número pago"]] += int(r["Valor pagado factura"])
    assert paid and payment_totals == payment_sums
    for key, amount in paid.items():
        assert amount <= int(invoices[key]["Valor factura"]) - accepted[key]  # a lifted glosa is paid

    authorizations = read(tmp_path / "authorizations.csv")
    used = [r for r in authorizations if r["Fecha utilización"]]
    assert 0 < len(used) < len(authorizations)
    assert all(r["Fecha utilización"] >= r["Fecha generación"] for r in used)


@pytest.mark.parametrize("seed", range(6))
def test_the_demo_cotizante_is_an_independiente_whatever_the_seed(seed):
    """Paz y salvo PBS independientes and the PILA operators are his to try: pinned, not left to the seed."""
    rows = []
    site = Site("900123456-8", "001", "Valle del Cauca", "Cali")
    AffiliatesGenerator(seed, TODAY, [site], catalog={}).write(lambda entity, row: rows.append((entity, row)), 0)
    [cotizante] = [r for e, r in rows if e == "afiliados" and r["Número documento"] == affiliates.COTIZANTE.doc_number]
    assert cotizante["Tipo afiliado"] == "COTIZANTE" and cotizante["Tipo cotizante"] == "INDEPENDIENTE"
