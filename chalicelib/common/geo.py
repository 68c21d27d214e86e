"""Colombia's departamentos and municipios with their DANE DIVIPOLA codes."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from chalicelib.common.text import strip_accents


@dataclass(frozen=True, slots=True)
class Departamento:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Municipio:
    code: str
    name: str
    departamento_code: str


@dataclass(frozen=True, slots=True)
class _Index:
    departamentos: tuple[Departamento, ...]
    departamento_by_code: dict[str, Departamento]
    departamento_by_key: dict[str, Departamento]
    municipios_by_departamento: dict[str, tuple[Municipio, ...]]
    municipio_by_code: dict[str, Municipio]
    municipio_by_key: dict[tuple[str, str], Municipio]


def departamentos() -> list[Departamento]:
    """All departamentos (and Bogotá, D.C.), sorted by name."""
    return list(_index().departamentos)


def municipios(departamento_code: str) -> list[Municipio]:
    """The municipios of a departamento, sorted by name; empty for an unknown code."""
    code = _as_code(departamento_code, 2)
    return list(_index().municipios_by_departamento.get(code, ()))


def find_departamento(code_or_name: str) -> Departamento | None:
    """A departamento by DANE code ("05") or by name, ignoring case, accents and punctuation."""
    index = _index()
    code = _as_code(code_or_name, 2)
    if code in index.departamento_by_code:
        return index.departamento_by_code[code]
    return index.departamento_by_key.get(_key(code_or_name or ""))


def find_municipio(departamento_code_or_name: str, municipio_code_or_name: str) -> Municipio | None:
    """A municipio of the given departamento, by DANE code ("05001") or by name."""
    departamento = find_departamento(departamento_code_or_name)
    if departamento is None:
        return None
    index = _index()
    municipio = index.municipio_by_code.get(_as_code(municipio_code_or_name, 5))
    if municipio is not None:
        return municipio if municipio.departamento_code == departamento.code else None
    return index.municipio_by_key.get((departamento.code, _key(municipio_code_or_name or "")))


def _as_code(value: str, width: int) -> str:
    # Spreadsheets turn "05001" into 5001, so a short numeric code gets its leading zeros back.
    value = (value or "").strip()
    return value.zfill(width) if value.isdigit() and len(value) <= width else value


def _key(name: str) -> str:
    words = re.findall(r"\w+", strip_accents(name.casefold().replace(".", "")))
    return " ".join(words)


def _keys(name: str) -> set[str]:
    # DIVIPOLA writes "Bogotá, D.C."; people also write plain "Bogotá".
    key = _key(name)
    return {key, key.removesuffix(" dc")}


def _sort_key(item: Departamento | Municipio) -> tuple[str, str]:
    return _key(item.name), item.code


@cache
def _index() -> _Index:
    data_file = resources.files(__package__) / "data" / "divipola.json"
    raw = json.loads(data_file.read_text(encoding="utf-8"))
    departamento_list: list[Departamento] = []
    municipios_by_departamento: dict[str, tuple[Municipio, ...]] = {}
    for entry in raw["departamentos"]:
        departamento = Departamento(entry["code"], entry["name"])
        departamento_list.append(departamento)
        members = (Municipio(m["code"], m["name"], departamento.code) for m in entry["municipios"])
        municipios_by_departamento[departamento.code] = tuple(sorted(members, key=_sort_key))
    all_municipios = [m for members in municipios_by_departamento.values() for m in members]
    return _Index(
        departamentos=tuple(sorted(departamento_list, key=_sort_key)),
        departamento_by_code={d.code: d for d in departamento_list},
        departamento_by_key={key: d for d in departamento_list for key in _keys(d.name)},
        municipios_by_departamento=municipios_by_departamento,
        municipio_by_code={m.code: m for m in all_municipios},
        municipio_by_key={(m.departamento_code, key): m for m in all_municipios for key in _keys(m.name)},
    )
