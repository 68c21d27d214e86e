"""The demo's financial extracts (devstack/demodata.py writes them with the others): the demo cotizante — an
independiente who pays his own planilla — holds PAC invoices (one open, the earlier ones paid, with their
payments), two years of aportes, one month owed in the PBS cartera and an incapacidad in each state. Dates are
relative to the day the files are generated; dates of issue and payment, planillas and folios vary with the seed."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from chalicelib.affiliates import demo

ENTITIES = ("facturas_pac", "pagos_pac", "cartera_pbs", "aportes", "incapacidades")
PAC_FEE = 185_000
PBS_CONTRIBUTION = 285_000
IBC = 2_280_000
OWED_MONTHS_AGO = 3  # the cartera's debt month, and the one month without an aporte
INCAPACIDAD_STATES = ("PAGADA", "RECHAZADA", "SIN SUBSIDIO", "EN TRAMITE", "RADICADA", "LIQUIDADA", "ANULADA")
CONTINGENCIAS = ("ENFERMEDAD GENERAL", "ACCIDENTE DE TRABAJO", "ENFERMEDAD GENERAL", "LICENCIA DE PATERNIDAD",
                 "ENFERMEDAD GENERAL", "ENFERMEDAD LABORAL", "ENFERMEDAD GENERAL")
DIAGNOSES = ("J189", "S525", "A09X", "Z390", "M545", "G560", "N23X")

Write = Callable[[str, dict], None]


def months_before(today: date, count: int) -> date:
    """The first day of the month `count` months before today's."""
    index = today.year * 12 + today.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


def invoice_number(period: date) -> str:
    return f"FPAC{period:%Y%m}17"


def write(emit: Write, today: date, rng: random.Random) -> None:
    person = demo.COTIZANTE
    who = {"doc_type": person.doc_type, "doc_number": person.doc_number}
    name = " ".join(p for p in (person.primer_nombre, person.segundo_nombre, person.primer_apellido,
                                person.segundo_apellido) if p)
    _pac(emit, today, who, rng)
    _pbs(emit, today, who, name, rng)
    _incapacidades(emit, today, who, name, rng)


def _pac(emit: Write, today: date, who: dict, rng: random.Random) -> None:
    for months_ago in range(12, -1, -1):  # twelve paid invoices and the current, open one
        period = months_before(today, months_ago)
        issued = min(period + timedelta(days=rng.randint(0, 3)), today)
        due = period + timedelta(days=14) if months_ago else today + timedelta(days=15)
        paid = months_ago > 0
        emit("facturas_pac", {
            "Número factura": invoice_number(period), "Tipo documento responsable": who["doc_type"],
            "Número documento responsable": who["doc_number"], "Plan": demo.PAC_PLAN, "Contrato": demo.PAC_CONTRACT,
            "Periodo": f"{period:%Y-%m}", "Fecha emisión": issued.isoformat(), "Fecha límite": due.isoformat(),
            "Valor": PAC_FEE, "Saldo": 0 if paid else PAC_FEE, "Estado": "PAGADA" if paid else "PENDIENTE"})
        if paid:
            emit("pagos_pac", {
                "Número factura": invoice_number(period), "Tipo documento pagador": who["doc_type"],
                "Número documento pagador": who["doc_number"],
                "Fecha": (period + timedelta(days=rng.randint(5, 13))).isoformat(),
                "Valor": PAC_FEE, "Canal": "PSE" if months_ago % 2 else "BANCO DE BOGOTA"})


def _pbs(emit: Write, today: date, who: dict, name: str, rng: random.Random) -> None:
    for months_ago in range(24, 0, -1):
        period = months_before(today, months_ago)
        owed = months_ago == OWED_MONTHS_AGO
        emit("cartera_pbs", {
            "Tipo documento aportante": who["doc_type"], "Número documento aportante": who["doc_number"],
            "Periodo": f"{period:%Y-%m}", "Valor esperado": PBS_CONTRIBUTION, "Pagado": 0 if owed else PBS_CONTRIBUTION,
            "Saldo": PBS_CONTRIBUTION if owed else 0,
            "Días de mora": (today - period).days - rng.randint(25, 30) if owed else 0})
        if owed:
            continue
        emit("aportes", {
            "Tipo documento cotizante": who["doc_type"], "Número documento cotizante": who["doc_number"],
            "Tipo documento aportante": who["doc_type"], "Número documento aportante": who["doc_number"],
            "Razón social aportante": name, "Periodo": f"{period:%Y-%m}",
            "Fecha de pago": (period + timedelta(days=7)).isoformat(),
            "Planilla": str(rng.randrange(8_800_000_000, 8_899_999_999)),
            "Operador": "ASOPAGOS S.A.S" if months_ago % 2 else "SIMPLE S.A.", "IBC": IBC, "Días": 30,
            "Valor": PBS_CONTRIBUTION})


def _incapacidades(emit: Write, today: date, who: dict, name: str, rng: random.Random) -> None:
    first_folio = rng.randrange(4_000_000, 4_900_000)
    for n, estado in enumerate(INCAPACIDAD_STATES):
        start = today - timedelta(days=40 + 50 * n)
        days = 3 + n
        emit("incapacidades", {
            "Tipo documento cotizante": who["doc_type"], "Número documento cotizante": who["doc_number"],
            "Tipo documento aportante": who["doc_type"], "Número documento aportante": who["doc_number"],
            "Razón social aportante": name, "Contingencia": CONTINGENCIAS[n], "Número folio": str(first_folio + n),
            "Oficina folio": "CALI NORTE" if n % 2 else "CALI SUR", "Fecha inicio": start.isoformat(),
            "Fecha fin": (start + timedelta(days=days - 1)).isoformat(), "Días solicitados": days,
            "Días acumulados": days, "Prórroga": "N", "Diagnóstico": DIAGNOSES[n], "Estado": estado})
