"""The editable texts of "Consultar y pagar" (operators' links, other payment channels, "Ten en cuenta") and the
EPS's collection GLN, read from data/pagos.json: the EPS changes them without a code change."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_FILE = Path(__file__).parent / "data" / "pagos.json"


@dataclass(frozen=True, slots=True)
class PaymentOperator:
    nombre: str
    url: str


@dataclass(frozen=True, slots=True)
class PaymentChannel:
    canal: str
    detalle: str


@dataclass(frozen=True, slots=True)
class PaymentContent:
    operadores_pila: tuple[PaymentOperator, ...]
    nota_operadores: str
    otros_canales: tuple[PaymentChannel, ...]
    ten_en_cuenta: tuple[str, ...]
    nota_impresion: str
    gln_recaudo: str  # GS1 (415): the EPS's collection agreement in the Asobancaria barcode


@cache
def payment_content(path: Path = _FILE) -> PaymentContent:
    raw = json.loads(path.read_text(encoding="utf-8"))
    return PaymentContent(
        operadores_pila=tuple(PaymentOperator(o["nombre"], o["url"]) for o in raw["operadores_pila"]),
        nota_operadores=raw["nota_operadores"],
        otros_canales=tuple(PaymentChannel(c["canal"], c["detalle"]) for c in raw["otros_canales"]),
        ten_en_cuenta=tuple(raw["ten_en_cuenta"]), nota_impresion=raw["nota_impresion"],
        gln_recaudo=raw["gln_recaudo"])
