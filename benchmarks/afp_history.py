"""Benchmark: a cotizante's long history as PDFs — the AFP report (INFORME PRESTACIONES ECONÓMICAS) of 500
incapacidades and the payment history of 30 years of aportes (1,080 rows: three aportantes a month) — on the
embedded AWS.

    make bench-afp
    python -m benchmarks.afp_history --repeat 5

For each PDF, the median of `repeat` runs of CPU time (docs/benchmarks.md, "Method": the machine is shared):
- own work: the service from the rows read to the issued PDF (spec, reportlab, SHA-256, registry), the rows
  answered from memory;
- with the reads: the same service on the repository (one DynamoDB Query of the person's partition, botocore's
  (de)serialisation and the emulator answering it — an upper bound of what a Lambda pays against DynamoDB);
and the peak resident memory (VmHWM) of a child process that does only the own work (no emulator): the rows as
plain values, both PDFs issued. Targets: < 1 s own work each, < 200 MB.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date, datetime

from devstack.environment import stage_environment

os.environ.update(stage_environment("test"))

import boto3  # noqa: E402
from moto import mock_aws  # noqa: E402

from benchmarks.measure import peak_mb, timed_cpu  # noqa: E402
from chalicelib import wiring  # noqa: E402
from chalicelib.affiliate_finance.history import PaymentHistoryService  # noqa: E402
from chalicelib.affiliate_finance.incapacidades import IncapacidadesService  # noqa: E402
from chalicelib.affiliate_finance.repository import FinanceRepository  # noqa: E402
from chalicelib.affiliate_finance.types import Aporte, Incapacidad  # noqa: E402
from chalicelib.affiliates.types import Affiliate, AffiliatePrincipal, Contact, TipoAfiliado, TipoCotizante  # noqa: E402
from chalicelib.common.aws import reset_clients  # noqa: E402
from chalicelib.common.clock import BOGOTA  # noqa: E402
from chalicelib.config import get_settings  # noqa: E402
from chalicelib.pdf.issuer import InMemoryIssuedRegistry, PdfIssuer  # noqa: E402
from chalicelib.pdf.render import Letterhead  # noqa: E402
from devstack.provision import provision  # noqa: E402

TODAY = date(2026, 3, 10)
NUMBER = "1032456789"
COTIZANTE = Affiliate(
    identity=f"CC#{NUMBER}", ref="bench", doc_type="CC", doc_number=NUMBER, primer_nombre="LUIS",
    segundo_nombre="FERNANDO", primer_apellido="GÓMEZ", segundo_apellido="RUIZ", fecha_nacimiento=date(1975, 5, 4),
    genero="M", regimen="CONTRIBUTIVO", tipo_afiliado=TipoAfiliado.COTIZANTE, tipo_cotizante=TipoCotizante.DEPENDIENTE,
    estado_afiliacion="ACTIVO", derecho="PLENO", rango_salarial="B", recien_nacido=False,
    fecha_afiliacion=date(1996, 1, 1), ips_primaria_nit=None, ips_primaria_sucursal=None, contact=Contact(),
    extract_date=TODAY)
PRINCIPAL = AffiliatePrincipal(COTIZANTE.identity, "bench", False)
EMPLOYERS = (("900123456", "COMERCIALIZADORA DEL PACÍFICO S EN C"), ("800765432", "TRANSPORTES UNIDOS DEL VALLE SAS"),
             ("901234567", "SERVICIOS INTEGRALES DE OCCIDENTE LTDA"))
STATES = ("PAGADA", "RECHAZADA", "SIN SUBSIDIO", "EN TRAMITE", "LIQUIDADA")


class People:
    def find(self, identity: str):
        return COTIZANTE if identity == COTIZANTE.identity else None

    def pac_plans_of(self, identity: str):
        return []


@dataclass
class Memory:
    """The rows the repository answered, answered again from memory (own work without DynamoDB)."""
    rows: dict = field(default_factory=dict)

    def aportes_of(self, cotizante, desde, hasta):
        return self.rows["aportes"]

    def incapacidades_of(self, cotizante):
        return self.rows["incapacidades"]


def _rows(years: int, incapacidades: int) -> tuple[list[dict], list[dict]]:
    who = {"doc_type": "CC", "doc_number": NUMBER, "identity": COTIZANTE.identity}
    aportes = []
    for month in range(12 * years):
        period = f"{TODAY.year - years + month // 12}-{month % 12 + 1:02d}"
        for n, (nit, name) in enumerate(EMPLOYERS):
            aportes.append({**who, "aportante_doc_type": "NI", "aportante_doc_number": nit, "aportante": f"NI#{nit}",
                            "razon_social": name, "periodo": period, "fecha_pago": f"{period}-0{n + 5}",
                            "planilla": f"{7_000_000_000 + month * 3 + n}", "operador": "ASOPAGOS S.A.S",
                            "ibc": 1_300_000 + 1_000 * month, "dias": 30, "valor": 162_500 + 125 * month})
    items = []
    for n in range(incapacidades):
        start = date.fromordinal(date(1996, 2, 1).toordinal() + n * 21)
        nit, name = EMPLOYERS[n % 3]
        items.append({**who, "aportante_doc_type": "NI", "aportante_doc_number": nit, "aportante": f"NI#{nit}",
                      "razon_social": name, "contingencia": "ENFERMEDAD GENERAL", "numero_folio": f"{4_000_000 + n}",
                      "oficina_folio": "CALI NORTE", "fecha_inicio": start.isoformat(),
                      "fecha_fin": date.fromordinal(start.toordinal() + 4).isoformat(), "dias_solicitados": 5,
                      "dias_acumulados": 5 + n % 40, "prorroga": "S" if n % 7 == 0 else "N", "diagnostico": "J189",
                      "estado": STATES[n % len(STATES)]})
    return aportes, items


def _median(work, repeat: int) -> float:
    return statistics.median(timed_cpu(work) for _ in range(repeat))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=30)
    parser.add_argument("--incapacidades", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--own-memory", action="store_true", help="(the child) only the own work; print VmHWM")
    args = parser.parse_args(argv)
    if args.own_memory:
        return _own_memory(args)
    with mock_aws():
        reset_clients()
        wiring.reset()
        wiring.bind()
        provision(boto3.Session(), "test", region=get_settings().region)
        repository = FinanceRepository()
        aportes, items = _rows(args.years, args.incapacidades)
        repository.put_aportes(aportes)
        repository.put_incapacidades(items)
        desde, hasta = f"{TODAY.year - args.years}-01", f"{TODAY.year - 1}-12"
        issuer = _issuer()
        memory = Memory({"aportes": repository.aportes_of(COTIZANTE.identity, desde, hasta),
                         "incapacidades": repository.incapacidades_of(COTIZANTE.identity)})
        cases = {
            f"Historial de pagos, {len(memory.rows['aportes']):,} aportes": lambda reads: PaymentHistoryService(
                People(), reads, issuer, lambda: TODAY).pdf(PRINCIPAL, desde, hasta),
            f"Informe AFP, {len(memory.rows['incapacidades']):,} incapacidades": lambda reads: IncapacidadesService(
                People(), reads, issuer, lambda: TODAY).afp_report(PRINCIPAL, None, None),
        }
        print(f"{'PDF':<40} {'pages':>6} {'KB':>7} {'own work s':>11} {'with reads s':>13}")
        for label, build in cases.items():
            document = build(memory)
            pages = document.body.count(b"/Type /Page\n") or document.body.count(b"/Type /Page")
            own = _median(lambda build=build: build(memory), args.repeat)
            total = _median(lambda build=build: build(repository), args.repeat)
            print(f"{label:<40} {pages:>6} {len(document.body) / 1024:>7.0f} {own:>11.3f} {total:>13.3f}")
        print(f"Peak resident memory, whole process with the emulator: {peak_mb():.0f} MB")
    child = subprocess.run([sys.executable, "-m", "benchmarks.afp_history", "--own-memory", "--years", str(args.years),
                            "--incapacidades", str(args.incapacidades)], check=True, capture_output=True, text=True)
    print(f"Peak resident memory, own work alone (child process, both PDFs): {float(child.stdout):.0f} MB")


def _issuer() -> PdfIssuer:
    return PdfIssuer(Letterhead("EPS S.O.S.", "805001157-2", "https://portal.example.co/#/verificacion"),
                     InMemoryIssuedRegistry(), lambda: datetime(2026, 3, 10, 9, 0, tzinfo=BOGOTA))


def _own_memory(args) -> None:
    """The rows as the repository hands them out, both PDFs issued; the peak printed for the parent."""
    aportes, items = _rows(args.years, args.incapacidades)
    memory = Memory({
        "aportes": [Aporte(r["identity"], r["periodo"], f"NI {r['aportante_doc_number']}", r["razon_social"],
                           date.fromisoformat(r["fecha_pago"]), r["planilla"], r["operador"], r["ibc"], r["dias"],
                           r["valor"]) for r in aportes],
        "incapacidades": [Incapacidad(r["identity"], r["numero_folio"], r["oficina_folio"],
                                      f"NI {r['aportante_doc_number']}", r["razon_social"], r["contingencia"],
                                      date.fromisoformat(r["fecha_inicio"]), date.fromisoformat(r["fecha_fin"]),
                                      r["dias_solicitados"], r["dias_acumulados"], r["prorroga"] == "S",
                                      r["diagnostico"], r["estado"]) for r in items]})
    issuer = _issuer()
    PaymentHistoryService(People(), memory, issuer, lambda: TODAY).pdf(
        PRINCIPAL, f"{TODAY.year - args.years}-01", f"{TODAY.year - 1}-12")
    IncapacidadesService(People(), memory, issuer, lambda: TODAY).afp_report(PRINCIPAL, None, None)
    print(f"{peak_mb():.1f}")


if __name__ == "__main__":
    main()
