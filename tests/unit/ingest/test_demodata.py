from __future__ import annotations

import csv
from collections import defaultdict

from chalicelib.common.identifiers import parse_nit
from devstack.demodata import DEMO_NIT, DEMO_RAZON_SOCIAL, ENTITIES, generate, main


def read(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_same_seed_same_bytes_other_seed_other_data(tmp_path):
    generate(tmp_path / "a", providers=4, invoices_per_provider=30, seed=7)
    main(["--providers", "4", "--invoices-per-provider", "30", "--seed", "7", "--out", str(tmp_path / "b")])
    generate(tmp_path / "c", providers=4, invoices_per_provider=30, seed=8)
    for entity in ENTITIES:
        a = (tmp_path / "a" / f"{entity}.csv").read_bytes()
        assert a == (tmp_path / "b" / f"{entity}.csv").read_bytes(), entity
        assert a != (tmp_path / "c" / f"{entity}.csv").read_bytes(), entity


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

    paid, payment_totals, payment_sums = defaultdict(int), {}, defaultdict(int)
    for r in read(tmp_path / "payments.csv"):
        key = (r["NIT"], r["Prefijo factura"], r["Sufijo factura"])
        assert key in invoices, "payment of an invoice that does not exist"
        paid[key] += int(r["Valor pagado factura"])
        payment_totals[r["Número pago"]] = int(r["Valor pagado"])
        payment_sums[r["Número pago"]] += int(r["Valor pagado factura"])
    assert paid and payment_totals == payment_sums
    for key, amount in paid.items():
        assert amount <= int(invoices[key]["Valor factura"]) - glosado[key]

    authorizations = read(tmp_path / "authorizations.csv")
    used = [r for r in authorizations if r["Fecha utilización"]]
    assert 0 < len(used) < len(authorizations)
    assert all(r["Fecha utilización"] >= r["Fecha generación"] for r in used)
