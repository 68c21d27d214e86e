"""Code catalogues kept as data (chalicelib/eps/data/*.json) so the EPS can replace them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class GlosaCodes:
    general: dict[str, str]  # concept digit -> name
    specific: dict[str, str]  # 3-digit code (first digit = concept) -> description
    responses: dict[str, str]  # provider response code -> description


@cache
def glosa_codes() -> GlosaCodes:
    raw = json.loads((resources.files(__package__) / "data" / "glosa_codes.json").read_text("utf-8"))
    return GlosaCodes(general=raw["general"], specific=raw["specific"], responses=raw["responses"])
