"""The demo affiliates `make run` loads: the family and the unregistered people of chalicelib/affiliates/demo.py are
in the generated extracts, valid, with the ages the banner promises whatever day the files are generated."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from chalicelib.affiliates import demo
from devstack.demodata import generate
from tests.affiliates.conftest import validated


# Days before today: validation refuses a birth date after the real today.
@pytest.mark.parametrize("today", [date(2026, 3, 10), date(2024, 2, 29), date(2025, 12, 31)])
def test_the_demo_people_are_in_the_extracts_with_their_ages(tmp_path, today):
    generate(tmp_path, providers=2, invoices_per_provider=0, seed=7, today=today)
    files = {path.stem: path.read_bytes() for path in tmp_path.glob("*.csv")}
    for entity in ("afiliados", "grupo_familiar", "planes_pac", "documentos_pendientes"):
        _, result = validated(entity, files[entity])
        assert result.rejected == [] and result.accepted_rows > 0, entity
    people = {f"{r['Tipo documento']}#{r['Número documento']}": r
              for r in csv.DictReader(io.StringIO(files["afiliados"].decode()))}
    for person in (*demo.FAMILY, *demo.UNREGISTERED):
        assert people[person.identity]["Primer nombre"] == person.primer_nombre
    links = list(csv.DictReader(io.StringIO(files["grupo_familiar"].decode())))
    beneficiaries = {f"{r['Tipo documento beneficiario']}#{r['Número documento beneficiario']}": r["Parentesco"]
                     for r in links if r["Número documento cotizante"] == demo.COTIZANTE.doc_number}
    assert beneficiaries == {p.identity: p.parentesco for p in demo.BENEFICIARIES}
    in_groups = {r["Número documento beneficiario"] for r in links} | {r["Número documento cotizante"] for r in links}
    assert not in_groups & {p.doc_number for p in demo.UNREGISTERED}
    for person in demo.FAMILY:
        born = person.birth_date(today)
        eighteenth = born.replace(year=born.year + 18) if (born.month, born.day) != (2, 29) else date(born.year + 18,
                                                                                                      3, 1)
        assert (today < eighteenth) == (person in (demo.MENOR_1, demo.MENOR_2)), person
    assert not people[demo.UNREGISTERED[1].identity]["Teléfono residencia"]
