import dataclasses
import json
from importlib import resources

import pytest

from chalicelib.common import geo
from chalicelib.common.geo import (
    Departamento,
    Municipio,
    departamentos,
    find_departamento,
    find_municipio,
    municipios,
)


def _raw_data() -> dict:
    return json.loads((resources.files("chalicelib.common") / "data" / "divipola.json").read_text("utf-8"))


def test_data_file_declares_its_source():
    assert "DIVIPOLA" in _raw_data()["source"]


def test_all_33_first_level_entities_are_present():
    assert len(departamentos()) == 33
    assert {d.code for d in departamentos()} == {
        "05", "08", "11", "13", "15", "17", "18", "19", "20", "23", "25", "27", "41", "44", "47", "50", "52",
        "54", "63", "66", "68", "70", "73", "76", "81", "85", "86", "88", "91", "94", "95", "97", "99",
    }  # fmt: skip


def test_departamento_names_keep_official_spelling():
    names = {d.name for d in departamentos()}
    assert {"Atlántico", "Bogotá, D.C.", "Córdoba", "Nariño", "Quindío", "Vaupés"} <= names
    assert "Archipiélago de San Andrés, Providencia y Santa Catalina" in names


def test_every_departamento_has_municipios_with_well_formed_codes():
    for departamento in departamentos():
        members = municipios(departamento.code)
        assert members, departamento
        for municipio in members:
            assert len(municipio.code) == 5 and municipio.code.isdigit()
            assert municipio.code.startswith(departamento.code)
            assert municipio.departamento_code == departamento.code
            assert municipio.name and municipio.name == municipio.name.strip()


def test_codes_are_unique():
    departamento_codes = [d["code"] for d in _raw_data()["departamentos"]]
    municipio_codes = [m["code"] for d in _raw_data()["departamentos"] for m in d["municipios"]]
    assert len(departamento_codes) == len(set(departamento_codes))
    assert len(municipio_codes) == len(set(municipio_codes))


def test_every_departamento_has_its_capital():
    for departamento in departamentos():
        assert find_municipio(departamento.code, departamento.code + "001") is not None, departamento


@pytest.mark.parametrize(
    ("code", "name", "departamento"),
    [
        ("05001", "Medellín", "Antioquia"),
        ("08001", "Barranquilla", "Atlántico"),
        ("11001", "Bogotá, D.C.", "Bogotá, D.C."),
        ("13001", "Cartagena de Indias", "Bolívar"),
        ("15001", "Tunja", "Boyacá"),
        ("17001", "Manizales", "Caldas"),
        ("19001", "Popayán", "Cauca"),
        ("23001", "Montería", "Córdoba"),
        ("47001", "Santa Marta", "Magdalena"),
        ("50001", "Villavicencio", "Meta"),
        ("52001", "Pasto", "Nariño"),
        ("54001", "Cúcuta", "Norte de Santander"),
        ("63001", "Armenia", "Quindío"),
        ("66001", "Pereira", "Risaralda"),
        ("68001", "Bucaramanga", "Santander"),
        ("73001", "Ibagué", "Tolima"),
        ("76001", "Cali", "Valle del Cauca"),
        ("88001", "San Andrés", "Archipiélago de San Andrés, Providencia y Santa Catalina"),
        ("91001", "Leticia", "Amazonas"),
    ],
)
def test_known_capitals(code, name, departamento):
    expected = Municipio(code, name, code[:2])
    assert find_municipio(code[:2], code) == expected
    assert find_municipio(departamento, name) == expected
    assert find_departamento(code[:2]) == Departamento(code[:2], departamento)


def test_lists_are_sorted_by_name_ignoring_accents():
    names = [d.name for d in departamentos()]
    assert names[:3] == ["Amazonas", "Antioquia", "Arauca"]
    assert names.index("Bogotá, D.C.") < names.index("Bolívar") < names.index("Boyacá")
    norte = [m.name for m in municipios("54")]
    assert norte[0] == "Ábrego"
    assert norte == sorted(norte, key=geo._key)
    assert norte.index("Cácota") < norte.index("Chinácota")


def test_returned_lists_are_copies():
    departamentos().clear()
    municipios("05").clear()
    assert len(departamentos()) == 33
    assert municipios("05")


def test_records_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        find_departamento("05").name = "Otro"  # type: ignore[misc]


@pytest.mark.parametrize("query", ["Boyacá", "BOYACA", "boyacá", "  Boyaca  ", "15", "15 ", "boyacá\t"])
def test_find_departamento_matches_code_or_name(query):
    assert find_departamento(query) == Departamento("15", "Boyacá")


@pytest.mark.parametrize("query", ["Bogotá, D.C.", "Bogota D.C.", "BOGOTA DC", "bogotá", "Bogota", "11"])
def test_find_departamento_accepts_common_spellings_of_bogota(query):
    assert find_departamento(query) == Departamento("11", "Bogotá, D.C.")


def test_find_departamento_restores_a_dropped_leading_zero():
    assert find_departamento("5") == Departamento("05", "Antioquia")
    assert find_municipio("5", "5001") == Municipio("05001", "Medellín", "05")


def test_find_departamento_distinguishes_similar_names():
    assert find_departamento("Santander").code == "68"
    assert find_departamento("norte de santander").code == "54"
    assert find_departamento("Cauca").code == "19"
    assert find_departamento("VALLE DEL CAUCA").code == "76"


@pytest.mark.parametrize(
    ("departamento", "municipio", "expected_code"),
    [
        ("Antioquia", "MEDELLIN", "05001"),
        ("antioquia", " itagui ", "05360"),
        ("05", "05001", "05001"),
        ("Valle del Cauca", "tulua", "76834"),
        ("Norte de Santander", "CUCUTA", "54001"),
        ("Nariño", "san andres de tumaco", "52835"),
        ("Bogota", "Bogota", "11001"),
        ("Amazonas", "Miriti Parana", "91460"),
    ],
)
def test_find_municipio_matches_code_or_name(departamento, municipio, expected_code):
    found = find_municipio(departamento, municipio)
    assert found is not None and found.code == expected_code


def test_find_municipio_is_scoped_to_its_departamento():
    assert find_municipio("Antioquia", "Caldas") == Municipio("05129", "Caldas", "05")
    assert find_municipio("Caldas", "Manizales") == Municipio("17001", "Manizales", "17")
    assert find_municipio("Valle del Cauca", "05001") is None
    assert find_municipio("Antioquia", "Cali") is None


@pytest.mark.parametrize("query", ["", "   ", "00", "1", "999", "Atlantis", "Bogotá D.C. Norte", "Medellín"])
def test_unknown_departamento_returns_none(query):
    assert find_departamento(query) is None


@pytest.mark.parametrize(
    ("departamento", "municipio"),
    [("Atlantis", "Medellín"), ("Antioquia", ""), ("Antioquia", "05999"), ("Antioquia", "Gotham"), ("", "")],
)
def test_unknown_municipio_returns_none(departamento, municipio):
    assert find_municipio(departamento, municipio) is None


@pytest.mark.parametrize("code", ["", "00", "100", "Antioquia", "XX"])
def test_municipios_of_unknown_departamento_is_empty(code):
    assert municipios(code) == []


def test_data_is_loaded_once():
    assert geo._index() is geo._index()


def test_the_whole_official_list_is_there():
    """DIVIPOLA: 1,122 codes (municipios, Bogotá, D.C., and the áreas no municipalizadas), none repeated."""
    codes = [m.code for d in departamentos() for m in municipios(d.code)]
    assert len(codes) == len(set(codes)) == 1122
    assert len(municipios("05")) == 125 and len(municipios("15")) == 123
    # Towns the former 748-entry subset refused an applicant for.
    assert find_municipio("Antioquia", "Abriaquí").code == "05004"
    assert find_municipio("Norte de Santander", "Cáchira").code == "54128"
    assert find_municipio("94", "Mapiripana").code == "94663"
