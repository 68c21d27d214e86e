"""Deterministic, internally consistent demo data for the ingestion pipeline, one CSV per entity.

    python -m devstack.demodata --providers 3 --invoices-per-provider 50 --seed 7 [--today AAAA-MM-DD] --out DIR

Dates are relative to today (the one clock, Bogotá): the 18 months up to today, so the portal's defaults
(last 365 days, this year) show the data. Same arguments and same day, same bytes. The files use exactly the
ingestion schemas' columns, so they go through the real pipeline.

One story per invoice, told by its state: its glosa details add up to what is glosado (all of the invoice when
"Glosada totalmente"), the provider's answer and the EPS's decision are the ones the state names ("Glosa
aceptada (nota crédito)" accepts every peso with a credit note, "Glosa levantada" lifts what was sustained,
"Glosa ratificada" keeps it); a paid or conciliated invoice had its glosa settled first and is paid its value
minus what the provider accepted. Every event follows the one before it and none is after today.
Authorisations are used after they are generated (or not at all).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from chalicelib.affiliate_finance import demo as finance_demo
from chalicelib.authorizations import demo as authorizations_demo
from chalicelib.common import clock, geo
from chalicelib.common.identifiers import nit_check_digit
from chalicelib.eps.catalogs import glosa_codes
from chalicelib.eps.states import AMBITOS, GRUPOS_SERVICIO, INVOICE_STATE_LABELS, InvoiceState
from chalicelib.ingest.schemas import SCHEMAS
from devstack.affiliates_demodata import AffiliatesGenerator, Site

DEMO_NIT = "900123456"
DEMO_RAZON_SOCIAL = "Clínica Demo del Valle S.A.S."
WINDOW_DAYS = 548  # 18 months up to today
SETTLING_DAYS = 120  # an invoice is billed at least this long before today, so its story fits the window
ENTITIES = ("providers", "invoices", "payments", "glosas", "authorizations", "afiliados", "grupo_familiar",
            "planes_pac", "documentos_pendientes", *finance_demo.ENTITIES)
AFFILIATE_FAMILIES_PER_PROVIDER = 5

S = InvoiceState
STATE_WEIGHTS = {
    S.NO_RADICADA: 4,
    S.RADICADA: 8,
    S.DEVUELTA: 3,
    S.EN_AUDITORIA: 8,
    S.GLOSADA_PARCIAL: 7,
    S.GLOSADA_TOTAL: 2,
    S.RESPONDIDA: 4,
    S.LEVANTADA: 3,
    S.RATIFICADA: 2,
    S.ACEPTADA: 2,
    S.CONCILIADA: 4,
    S.PAGADA_PARCIAL: 15,
    S.PAGADA_TOTAL: 38,
}
GLOSA_STATES = {
    S.GLOSADA_PARCIAL,
    S.GLOSADA_TOTAL,
    S.RESPONDIDA,
    S.LEVANTADA,
    S.RATIFICADA,
    S.ACEPTADA,
    S.CONCILIADA,
}
ANSWERED_STATES = {S.RESPONDIDA, S.LEVANTADA, S.RATIFICADA, S.ACEPTADA, S.CONCILIADA}
DECIDED_STATES = {S.LEVANTADA, S.RATIFICADA, S.CONCILIADA}
PAID_STATES = {S.PAGADA_PARCIAL, S.PAGADA_TOTAL}
SETTLED_STATES = PAID_STATES | {S.CONCILIADA}  # the glosa was settled: what was sustained, lifted
ACCEPT_ALL, ACCEPT_PART = "997", "998"  # the answer codes (glosas/data/response_codes.json) that accept it
# Days from generation to use in SOMA, per grupo de servicio: (min, max).
USE_DELAY = {
    "consulta_profesional": (1, 20),
    "ayudas_diagnosticas_basicas": (1, 10),
    "ayudas_diagnosticas_especializadas": (5, 45),
    "domiciliario": (1, 7),
    "hospitalizacion": (0, 2),
    "medicamentos": (0, 5),
    "alto_costo": (3, 30),
    "insumos": (0, 10),
    "odontologia": (3, 30),
    "procedimientos_quirurgicos": (7, 90),
    "procedimientos_no_quirurgicos": (3, 30),
    "terapias": (2, 20),
}
AMBITO_WEIGHTS = {"ambulatorio": 70, "hospitalario": 12, "urgencias": 13, "domiciliario": 5}


def _load_catalog() -> dict:
    return json.loads((Path(__file__).parent / "data" / "demo_catalog.json").read_text("utf-8"))


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "", plain)[:20] or "ips"


@dataclass
class Provider:
    nit: str
    razon_social: str
    sucursales: list[tuple[str, str, str, str]]  # code, name, departamento, ciudad
    prefijos: list[str]
    cuenta: str
    email: str

    @property
    def nit_text(self) -> str:
        return f"{self.nit}-{nit_check_digit(self.nit)}"


@dataclass
class Counters:
    payment: int = 1_000_000
    ops: int = 4_100_000_000
    conciliacion: int = 50_000
    nota: int = 10_000
    radicado: int = 0
    conciliacion_by_month: dict[tuple[str, str], str] = field(default_factory=dict)


class Generator:
    def __init__(self, seed: int, today: date) -> None:
        self.rng = random.Random(seed)
        self.site_rng = random.Random(f"{seed}/sucursales")  # apart: the other extracts stay as they were
        self.catalog = _load_catalog()
        self.codes = glosa_codes()
        self.specific_codes = sorted(self.codes.specific)
        self.response_codes = sorted(self.codes.responses)
        self.counters = Counters()
        start = today - timedelta(days=WINDOW_DAYS - 1)
        self._iso = [(start + timedelta(days=d)).isoformat() for d in range(WINDOW_DAYS)]
        self.last = WINDOW_DAYS - 1  # today's offset
        self.states = list(STATE_WEIGHTS)
        self.state_cum = _cumulative(STATE_WEIGHTS.values())
        self.ambitos, self.ambito_cum = list(AMBITO_WEIGHTS), _cumulative(AMBITO_WEIGHTS.values())
        self.grupos = list(GRUPOS_SERVICIO)
        self.tipos_pago = [t for t, _ in self.catalog["tipos_pago"]]
        self.tipos_pago_cum = _cumulative(w for _, w in self.catalog["tipos_pago"])
        self.departamentos = geo.departamentos()

    def day(self, offset: int) -> str:
        """The date `offset` days into the window; an event due after today has not happened yet: today."""
        return self._iso[min(offset, self.last)]

    # --- providers ------------------------------------------------------------------------------

    def providers(self, count: int) -> list[Provider]:
        rng, cat = self.rng, self.catalog
        valle = geo.find_departamento("Valle del Cauca")
        used = {DEMO_NIT}
        result = [self._provider(DEMO_NIT, DEMO_RAZON_SOCIAL, valle, sucursales=3)]
        while len(result) < count:
            nit = str(rng.randint(800_000_000, 901_999_999))
            if nit in used:
                continue
            used.add(nit)
            name = (
                f"{rng.choice(cat['provider_kinds'])} {rng.choice(cat['provider_names'])} "
                f"{rng.choice(cat['legal_forms'])}"
            )
            result.append(self._provider(nit, name, rng.choice(self.departamentos), rng.randint(1, 5)))
        return result

    def _provider(self, nit: str, razon_social: str, departamento, sucursales: int) -> Provider:
        rng = self.rng
        cities = geo.municipios(departamento.code)
        capital = next((c for c in cities if c.code.endswith("001")), cities[0])
        names = rng.sample(self.catalog["sucursal_names"], sucursales)
        branches = [
            (f"{i + 1:03d}", names[i], departamento.name, (capital if i == 0 else rng.choice(cities)).name)
            for i in range(sucursales)
        ]
        if nit == DEMO_NIT:  # two primary IPS in the demo family's municipio: "Cambio de IPS" has a choice
            branches[1] = (*branches[1][:3], capital.name)
        prefijos = rng.choice([["FE"], ["FEV"], ["FE", "FC"], ["FV"], [""], ["IPS"]])
        cuenta = str(rng.randint(10**9, 10**11 - 1))
        return Provider(
            nit, razon_social, branches, prefijos, cuenta, f"tesoreria@{_slug(razon_social)}.com.co"
        )

    def provider_rows(self, provider: Provider):
        for code, name, departamento, ciudad in provider.sucursales:
            primary = code == "001" or (provider.nit == DEMO_NIT and code == "002")
            yield {
                "NIT": provider.nit_text,
                "Razón social": provider.razon_social,
                "Correo notificaciones": f"notificaciones@{_slug(provider.razon_social)}.com.co",
                "Código sucursal": code,
                "Nombre sucursal": name,
                "Departamento": departamento,
                "Ciudad": ciudad,
                "Dirección": f"CALLE {self.site_rng.randint(1, 99)} # {self.site_rng.randint(1, 99)}-"
                             f"{self.site_rng.randint(1, 99)}",
                "Teléfono": f"60{self.site_rng.randint(10_000_000, 89_999_999)}",
                "IPS primaria": "S" if primary else "N",
            }

    # --- invoices, glosas, payments ---------------------------------------------------------------

    def invoices_of(self, provider: Provider, count: int, out: dict[str, csv.DictWriter]) -> None:
        rng, day = self.rng, self.day
        consecutive = {p: rng.randint(1_000, 90_000) for p in provider.prefijos}
        payment_lines: dict[int, list[dict]] = {}  # payment day offset (week start) -> lines
        for _ in range(count):
            prefijo = rng.choice(provider.prefijos)
            consecutive[prefijo] += rng.randint(1, 3)
            sufijo = str(consecutive[prefijo])
            state = self.states[_pick(rng, self.state_cum)]
            billed = rng.randrange(WINDOW_DAYS - SETTLING_DAYS)
            valor = _round100(_log_uniform(rng, 50_000, 50_000_000))
            sucursal = rng.choice(provider.sucursales)[0]
            radicado = radicado_day = None
            if state is not S.NO_RADICADA:
                self.counters.radicado += 1
                radicado_day = billed + rng.randint(1, 30)
                radicado = f"{day(radicado_day)[:4]}{self.counters.radicado:08d}"
            invoice = {
                "NIT": provider.nit_text,
                "Prefijo": prefijo,
                "Sufijo": sufijo,
                "Número factura": f"{prefijo}{sufijo}",
                "Sucursal": sucursal,
                "Fecha factura": day(billed),
                "Valor factura": valor,
                "Número radicado": radicado or "",
                "Fecha radicación": day(radicado_day) if radicado_day is not None else "",
                "Estado": INVOICE_STATE_LABELS[state] if rng.random() < 0.2 else state.value,
            }
            out["invoices"].writerow(invoice)
            accepted = 0
            if state in GLOSA_STATES or (state in PAID_STATES and rng.random() < 0.1):
                accepted = self.glosas_of(provider, invoice, state, billed, radicado_day, out["glosas"])
            owed = valor - accepted
            if state in PAID_STATES or (state is S.CONCILIADA and rng.random() < 0.5):
                share = 1.0 if state is not S.PAGADA_PARCIAL else rng.uniform(0.4, 0.9)
                self._pay(invoice, int(owed * share), radicado_day, payment_lines)
        self._write_payments(provider, payment_lines, out["payments"])

    def glosas_of(
        self,
        provider: Provider,
        invoice: dict,
        state: S,
        billed: int,
        radicado_day: int,
        writer: csv.DictWriter,
    ) -> int:
        """Writes the invoice's glosa details; returns what the provider accepted of them (not payable)."""
        rng, day, cat = self.rng, self.day, self.catalog
        notified = radicado_day + rng.randint(5, 20)
        month_key = (provider.nit, day(notified)[:7])
        conciliacion = self.counters.conciliacion_by_month.get(month_key)
        if conciliacion is None:
            self.counters.conciliacion += 1
            conciliacion = self.counters.conciliacion_by_month[month_key] = str(self.counters.conciliacion)
        self.counters.nota += 1
        nota_debito = f"ND{self.counters.nota}"
        patient_type = rng.choices(["CC", "TI", "RC", "CE"], [80, 10, 6, 4])[0]
        patient_id = str(rng.randint(10_000_000, 1_199_999_999))
        patient = self.person_name()
        ambito = self.ambitos[_pick(rng, self.ambito_cum)]
        details = rng.randint(1, 4)
        remaining = invoice["Valor factura"]
        rows = []
        for number in range(1, details + 1):
            last = number == details
            line_budget = remaining if last else int(remaining * rng.uniform(0.2, 0.6))
            affordable = [s for s in cat["services"] if s[2] * 1.3 <= line_budget]
            if not affordable and not last:
                continue
            code, description, unit = rng.choice(affordable or cat["services"])
            if last:  # the details add up to the invoice
                unit_value, quantity = line_budget, 1
            else:
                unit_value = int(unit * rng.uniform(0.8, 1.3))
                quantity = rng.randint(1, max(1, min(30, line_budget // unit_value)))
            billed_value = unit_value * quantity
            remaining -= billed_value
            glosa = (
                billed_value
                if state is S.GLOSADA_TOTAL
                else max(1, _round100(billed_value * rng.uniform(0.05, 0.6)))
            )
            glosa = min(glosa, billed_value)
            specific = rng.choice(self.specific_codes)
            row = {
                "Nit": provider.nit_text,
                "Razon_Social": provider.razon_social,
                "Sucursal": invoice["Sucursal"],
                "Numero_Radicacion": invoice["Número radicado"],
                "Fecha_radicacion": invoice["Fecha radicación"],
                "Numero_factura": invoice["Número factura"],
                "Valor_factura": invoice["Valor factura"],
                "Fecha_glosa_inicial": day(notified - rng.randint(0, 3)),
                "Numero_nota_debito": nota_debito,
                "Tipo_ID_usuario": patient_type,
                "Numero_ID_usuario": patient_id,
                "Nombre_usuario": patient,
                "Fecha_atencion": day(max(0, billed - rng.randint(0, 10))),
                "Codigo_servicio": code,
                "Descripcion_servicio": description,
                "Cantidad_facturada_IPS": quantity,
                "Valor_unitario_IPS": unit_value,
                "Valor_facturado_IPS": billed_value,
                "Valor_liquidacion": billed_value,
                "Valor_glosa_aplicada": glosa,
                "Valor_IVA_nota_debito": 0,
                "Valor_glosa_mas_iva": glosa,
                "Codigo_general_glosa": specific[0],
                "Descripcion_general_glosa": self.codes.general[specific[0]],
                "Codigo_especifico_glosa": specific,
                "Descripcion_glosa_inicial": self.codes.specific[specific],
                "Observaciones_glosa_aplicada": f"Se glosa {self.codes.specific[specific].lower()}",
                "Descripcion_Costo_Servicio": description,
                "Ambito_Atencion": AMBITOS[ambito],
                "Consecutivo_Concepto_Glosa": 1,
                "Tipo_Atencion": AMBITOS[ambito],
                "Consecutivo_Detalle": len(rows) + 1,
                "Numero_Unico_OPS": str(rng.randint(4_000_000_000, 4_099_999_999)),
                "Consecutivo_Registro_Unico_Usuario_U10": str(rng.randint(10**9, 10**10 - 1)),
                "Fecha_Notificacion_Glosa": day(notified),
                "Consecutivo_conciliacion": conciliacion,
                "Prefijo_factura": invoice["Prefijo"],
                "Sufijo_factura": invoice["Sufijo"],
            }
            if state in ANSWERED_STATES or state in SETTLED_STATES:
                self._answer(row, glosa, notified, state)
            rows.append(row)
        total = sum(r["Valor_glosa_aplicada"] for r in rows)
        for row in rows:
            row["Valor_total_nota_debito"] = total
            writer.writerow(row)
        return sum(int(r.get("Valor_aceptado_IPS") or 0) for r in rows)

    def _answer_code(self, state: S) -> str:
        """The provider's answer the invoice's state tells: all accepted for "Glosa aceptada", something sustained
        for the EPS to lift or ratify, any answer otherwise."""
        if state is S.ACEPTADA:
            return ACCEPT_ALL
        if state in (S.LEVANTADA, S.RATIFICADA):
            return self.rng.choice([c for c in self.response_codes if c != ACCEPT_ALL])
        return self.rng.choice(self.response_codes)

    def _answer(self, row: dict, glosa: int, notified: int, state: S) -> None:
        rng, day = self.rng, self.day
        code = self._answer_code(state)
        accepted = {ACCEPT_ALL: glosa, ACCEPT_PART: glosa * rng.randint(10, 90) // 100}.get(code, 0)
        sustained = glosa - accepted
        answered = notified + rng.randint(3, 20)
        self.counters.nota += 1
        row.update(
            {
                "Fecha_respuesta_a_glosa_IPS": day(answered),
                "Codigo_respuesta_glosa_IPS": code,
                "Descripcion_respuesta_glosa_IPS": self.codes.responses[code],
                "Valor_aceptado_IPS": accepted,
                "Valor_sustentado_IPS": sustained,
                "Numero_nota_credito_IPS": f"NC{self.counters.nota}" if accepted else "",
                "Observaciones_IPS_respuesta_a_glosa": "Se adjuntan soportes"
                if sustained
                else "Se acepta la glosa",
            }
        )
        if (state in DECIDED_STATES or state in SETTLED_STATES) and sustained:
            lifted = sustained if state is not S.RATIFICADA else 0
            row.update(
                {
                    "Fecha_respuesta_a_objeccion_a_glosa_EPS": day(answered + rng.randint(2, 14)),
                    "Valor_glosa_levantado_EPS": lifted,
                    "Valor_glosa_ratificado_EPS": sustained - lifted,
                    "Valor_glosa_no_objetado_IPS": accepted,
                    "Observaciones_respuesta_a_objeccion_a_glosa_a_EPS": (
                        "Se levanta la glosa" if lifted else "Se ratifica la glosa"
                    ),
                }
            )

    def _pay(self, invoice: dict, amount: int, radicado_day: int, lines: dict[int, list[dict]]) -> None:
        rng = self.rng
        if amount <= 0:
            return
        parts = [amount] if amount < 1_000_000 or rng.random() < 0.8 else [amount // 2, amount - amount // 2]
        first_day = radicado_day + rng.randint(30, 90)
        days = [first_day, first_day + rng.randint(35, 60)][:len(parts)]  # never the same week, so never the payment
        if len(parts) == 2 and days[1] > self.last:  # the second part is not due yet: paid in one
            parts, days = [amount], days[:1]
        for part, paid_day in zip(parts, days, strict=True):
            paid_day = min(paid_day, self.last)
            week = paid_day - paid_day % 7
            lines.setdefault(week, []).append({"invoice": invoice, "amount": part})

    def _write_payments(self, provider: Provider, by_week: dict[int, list[dict]], writer) -> None:
        rng, day = self.rng, self.day
        for week in sorted(by_week):
            self.counters.payment += 1
            pay_day = min(week + rng.randint(0, 4), self.last)
            lines = by_week[week]
            tipo = self.tipos_pago[_pick(rng, self.tipos_pago_cum)]
            header = {
                "NIT": provider.nit_text,
                "Tipo de pago": tipo,
                "Número cuenta banco": provider.cuenta,
                "Número pago": str(self.counters.payment),
                "Fecha de pago": day(pay_day),
                "Valor pagado": sum(line["amount"] for line in lines),
                "Email soporte": provider.email,
                "Fecha soporte": day(pay_day),
                "Hora soporte": f"{rng.randint(7, 17):02d}:{rng.randint(0, 59):02d}:00",
            }
            compania = rng.choices(["EPS", "PAC"], [90, 10])[0]
            for line in lines:
                invoice, amount = line["invoice"], line["amount"]
                writer.writerow(
                    {
                        **header,
                        "Tipo documento": "FV",
                        "Prefijo factura": invoice["Prefijo"],
                        "Sufijo factura": invoice["Sufijo"],
                        "Sufijo factura aplicado": invoice["Sufijo"],
                        "Fecha factura": invoice["Fecha factura"],
                        "Valor factura": invoice["Valor factura"],
                        "Valor pagado factura": amount,
                        "IVA": 0,
                        "Retefuente": amount * 2 // 100,
                        "Reteica": amount * 966 // 100_000,
                        "Reteiva": 0,
                        "Otros": 0 if rng.random() < 0.95 else min(amount, rng.randint(1, 50) * 1000),
                        "Compañía": compania,
                        "No radicado": invoice["Número radicado"],
                    }
                )

    # --- authorizations ---------------------------------------------------------------------------

    def authorizations_of(self, provider: Provider, count: int, writer: csv.DictWriter) -> None:
        rng, day = self.rng, self.day
        for _ in range(count):
            self.counters.ops += 1
            grupo = rng.choice(self.grupos)
            ambito = (
                "hospitalario" if grupo == "hospitalizacion" else self.ambitos[_pick(rng, self.ambito_cum)]
            )
            generated = rng.randrange(WINDOW_DAYS)
            low, high = USE_DELAY[grupo]
            used = generated + rng.randint(low, high)
            unused = rng.random() < 0.18 or used >= WINDOW_DAYS
            writer.writerow(
                {
                    "NIT": provider.nit_text,
                    "Número OPS": str(self.counters.ops),
                    "Sucursal": rng.choice(provider.sucursales)[0],
                    "Ámbito": ambito,
                    "Grupo de servicio": grupo,
                    "Fecha generación": day(generated),
                    "Fecha utilización": "" if unused else day(used),
                }
            )

    def person_name(self) -> str:
        rng, cat = self.rng, self.catalog
        first = rng.choice(cat["first_names_female"] if rng.random() < 0.5 else cat["first_names_male"])
        return f"{first} {rng.choice(cat['surnames'])} {rng.choice(cat['surnames'])}"


def _cumulative(weights) -> list[float]:
    total, cum = 0.0, []
    for w in weights:
        total += w
        cum.append(total)
    return [c / total for c in cum]


def _pick(rng: random.Random, cumulative: list[float]) -> int:
    x = rng.random()
    for i, c in enumerate(cumulative):
        if x < c:
            return i
    return len(cumulative) - 1


def _log_uniform(rng: random.Random, low: int, high: int) -> int:
    return int(low * (high / low) ** rng.random())


def _round100(value: float) -> int:
    return max(100, int(value) // 100 * 100)


def generate(out_dir: str | Path, providers: int = 3, invoices_per_provider: int = 50, seed: int = 7,
             today: date | None = None) -> dict:
    """Write <entity>.csv for every entity into out_dir, dated up to `today` (default: today in Bogotá);
    returns the row count per entity."""
    if providers < 1 or invoices_per_provider < 0:
        raise ValueError("providers >= 1 and invoices_per_provider >= 0")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    today = today or clock.now().date()
    generator = Generator(seed, today)
    sites = []
    files, writers, counts = {}, {}, {}
    try:
        for entity in ENTITIES:
            files[entity] = (out_dir / f"{entity}.csv").open("w", encoding="utf-8", newline="")
            writers[entity] = _CountingWriter(files[entity], [c.name for c in SCHEMAS[entity].columns])
        for provider in generator.providers(providers):
            for row in generator.provider_rows(provider):
                writers["providers"].writerow(row)
                if row["IPS primaria"] == "S":
                    sites.append(Site(row["NIT"], row["Código sucursal"], row["Departamento"], row["Ciudad"]))
            generator.invoices_of(provider, invoices_per_provider, writers)
            generator.authorizations_of(provider, invoices_per_provider, writers["authorizations"])
        AffiliatesGenerator(seed, today, sites, generator.catalog).write(
            lambda entity, row: writers[entity].writerow(row), AFFILIATE_FAMILIES_PER_PROVIDER * providers)
        finance_demo.write(lambda entity, row: writers[entity].writerow(row), today, random.Random(seed))
    finally:
        for entity, handle in files.items():
            handle.close()
            counts[entity] = writers[entity].rows if entity in writers else 0
    return counts | authorizations_demo.write_files(out_dir, today)  # ops_afiliados, mipres, copagos


class _CountingWriter(csv.DictWriter):
    def __init__(self, handle, fieldnames: Sequence[str]) -> None:
        super().__init__(handle, fieldnames=fieldnames, restval="", extrasaction="raise", lineterminator="\n")
        self.rows = -1  # the header
        self.writeheader()

    def writerow(self, rowdict):
        self.rows += 1
        return super().writerow(rowdict)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--providers", type=int, default=3)
    parser.add_argument("--invoices-per-provider", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--today", type=date.fromisoformat, default=None, help="last day of the data (default: today)")
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    counts = generate(args.out, args.providers, args.invoices_per_provider, args.seed, today=args.today)
    elapsed = time.perf_counter() - started
    print(", ".join(f"{entity}: {n}" for entity, n in counts.items()) + f" ({elapsed:.1f} s) -> {args.out}")


if __name__ == "__main__":
    main()
