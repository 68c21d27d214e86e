"""Benchmark: Indicadores for a provider with 1,000,000 authorisations in a year.

    make bench-indicators
    python -m benchmarks.indicators --authorizations 200000

Reports: the pure aggregation of the authorisations (CPU, no AWS); loading them on the emulator through
ingestion's real write path (`service.write("authorizations", rows)` → the indicators repository's
`put_batch`, chunks of 5,000 as the pipeline's write tasks) with own CPU apart from the emulator's; storing
the cells; the latency of `GET /indicadores` through the handler (project's own work apart from time inside
the emulator); and the upkeep during ingestion — the derive step recomputing one month from the stored
authorisations, with its requests.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from collections import Counter
from datetime import date, timedelta

from devstack.environment import stage_environment

os.environ.update(stage_environment("test"))

import boto3  # noqa: E402
import botocore.client  # noqa: E402
from moto import mock_aws  # noqa: E402

from benchmarks.cpu import CpuMeter  # noqa: E402

PROVIDER_NIT = "900123456"
PROVIDER = f"NI#{PROVIDER_NIT}"
SUCURSALES = ("001", "002", "003", "004", "005")
CHUNK = 5000  # the pipeline's staged chunk: one write task's rows
emulator_seconds = [0.0]
requests: Counter = Counter()


def _measure_aws() -> None:
    original = botocore.client.BaseClient._make_api_call

    def measured(self, operation, params):
        started = time.perf_counter()
        try:
            return original(self, operation, params)
        finally:
            emulator_seconds[0] += time.perf_counter() - started
            requests[f"{self.meta.service_model.service_name}:{operation}"] += 1

    botocore.client.BaseClient._make_api_call = measured


def peak_mb() -> float:
    from pathlib import Path

    status = Path("/proc/self/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) / 1024


def authorizations(count: int, seed: int = 7):
    from chalicelib.eps.states import AMBITOS, GRUPOS_SERVICIO
    from chalicelib.indicators.aggregation import AuthorizationFacts

    rng = random.Random(seed)
    ambitos, grupos, start = list(AMBITOS), list(GRUPOS_SERVICIO), date(2024, 1, 1)
    for _ in range(count):
        generated = start + timedelta(days=rng.randrange(366))
        used = generated + timedelta(days=rng.randrange(30)) if rng.random() < 0.8 else None
        yield AuthorizationFacts(rng.choice(SUCURSALES), rng.choice(ambitos), rng.choice(grupos),
                                 generated.isoformat(), used.isoformat() if used else None)


def typed_rows(count: int, seed: int = 7):
    """The same authorisations as the typed rows ingestion's validation yields for the extract."""
    for n, a in enumerate(authorizations(count, seed)):
        yield {"nit": PROVIDER_NIT, "provider_id": PROVIDER, "numero_ops": f"{n:010d}", "sucursal": a.sucursal,
               "ambito": a.ambito, "grupo_servicio": a.grupo, "fecha_generacion": a.generated,
               "fecha_utilizacion": a.used}


def load(count: int, meter: CpuMeter) -> None:
    """Every authorisation through service.write, CHUNK rows per call, as the pipeline's write tasks do."""
    from itertools import islice

    from chalicelib.ingest import service

    rows, written, own, emulator, botocore_cpu, calls, wall = typed_rows(count), 0, 0.0, 0.0, 0.0, 0, 0.0
    while chunk := list(islice(rows, CHUNK)):
        cpu = meter.measure(lambda chunk=chunk: service.write("authorizations", chunk))
        written += len(chunk)
        own, emulator, botocore_cpu, calls, wall = (own + cpu.own, emulator + cpu.emulator,
                                                    botocore_cpu + cpu.botocore, calls + cpu.requests, wall + cpu.wall)
        if written % 100_000 == 0 or written == count:
            print(f"  loaded {written:,}: {wall:.0f} s wall ({written / wall:,.0f} rows/s), own CPU {own:.1f} s "
                  f"({written / own:,.0f} rows per CPU second; botocore {botocore_cpu:.1f} s of it), emulator "
                  f"{emulator:.0f} s CPU, {calls:,} requests, peak RSS {peak_mb():,.0f} MB", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--authorizations", type=int, default=1_000_000)
    parser.add_argument("--upkeep-month", default="2024-05", help="the month the derive step recomputes")
    parser.add_argument("--queries", type=int, default=30)
    args = parser.parse_args(argv)
    from chalicelib.indicators.aggregation import count

    started = time.process_time()
    cells = count(authorizations(args.authorizations))
    cpu = time.process_time() - started
    print(f"Aggregating {args.authorizations:,} authorisations (no AWS): {cpu:.1f} s CPU, "
          f"{args.authorizations / cpu:,.0f} per CPU second → {len(cells):,} combinations "
          f"(12 months × {len(SUCURSALES)} sucursales × 4 ámbitos × 12 grupos at most), stored as "
          f"{12 * len(SUCURSALES)} items (one per month and sucursal)")

    with mock_aws():
        from chalice.test import Client

        from app import app
        from chalicelib import wiring
        from chalicelib.indicators.repository import IndicatorRepository
        from chalicelib.indicators.service import IndicatorAggregates
        from chalicelib.providers.models import Sucursal
        from devstack.provision import provision
        from tests import factories

        wiring.bind()
        provision(boto3.Session(), "test", region="us-east-1")
        meter = CpuMeter()
        print(f"Loading {args.authorizations:,} authorisations through service.write (the pipeline's write path):",
              flush=True)
        load(args.authorizations, meter)
        _measure_aws()
        requests.clear()
        repository = IndicatorRepository()
        by_month: dict[str, dict] = {}
        for key, counts in cells.items():
            by_month.setdefault(key.month, {})[key] = counts
        started = time.perf_counter()
        for month, month_cells in sorted(by_month.items()):
            repository.replace_month(PROVIDER, month, month_cells)
        print(f"Storing them: {time.perf_counter() - started:.1f} s on the emulator, "
              f"{sum(requests.values()):,} requests", flush=True)

        provider = factories.provider()
        provider.update(actions=[provider.__class__.sucursales.set(
            [Sucursal(code=code, name=f"Sede {code}") for code in SUCURSALES])])
        factories.membership(factories.person("1000000001"), provider)
        with Client(app) as client:
            login = {"tipo_documento": "CC", "numero_documento": "1000000001", "contrasena": factories.PASSWORD}
            token = client.http.post("/sesion", headers={"Content-Type": "application/json"},
                                     body=json.dumps(login)).json_body["token"]
            latencies, own = [], []
            for n in range(args.queries):
                path = "/indicadores?anio=2024" + ("&ambito=urgencias,hospitalario" if n % 2 else "")
                emulator_seconds[0] = 0.0
                started = time.perf_counter()
                response = client.http.get(path, headers={"Authorization": f"Bearer {token}"})
                elapsed = time.perf_counter() - started
                assert response.status_code == 200, response.body
                latencies.append(elapsed)
                own.append(elapsed - emulator_seconds[0])
        print(f"GET /indicadores through the handler, {args.queries} queries over {len(cells):,} combinations: "
              f"median {statistics.median(latencies) * 1000:.0f} ms, p95 "
              f"{sorted(latencies)[int(0.95 * len(latencies)) - 1] * 1000:.0f} ms; project's own work median "
              f"{statistics.median(own) * 1000:.0f} ms (the rest is the emulator: session checks, the cells "
              "Query, the access log)", flush=True)

        requests.clear()
        emulator_seconds[0] = 0.0
        month = sum(c.directed for key, c in cells.items() if key.month == args.upkeep_month)
        started = time.perf_counter()
        cpu = meter.measure(lambda: IndicatorAggregates(repository).refresh(
            [{"provider_id": PROVIDER, "fecha_generacion": f"{args.upkeep_month}-01"}]))
        elapsed = time.perf_counter() - started
        queries = requests["dynamodb:Query"]
        per_page = month / max(queries - 1, 1)  # one Query lists the month's old cells
        print(f"Upkeep during ingestion (the derive step): recomputing {args.upkeep_month}, {month:,} of the stored "
              f"authorisations, took {elapsed:.1f} s (own CPU {cpu.own:.1f} s, emulator CPU {cpu.emulator:.1f} s) "
              f"(wall inside botocore calls {emulator_seconds[0]:.1f} s), {sum(requests.values()):,} "
              f"requests ({dict(requests)}); ~{per_page:,.0f} authorisations per 1 MB Query page, so a full "
              f"re-load of {args.authorizations:,} in a year costs ~{args.authorizations / per_page:,.0f} Query "
              f"pages plus {12 * len(SUCURSALES) / 25:.0f} BatchWriteItem for its {12 * len(SUCURSALES)} items "
              "(one per month and sucursal), once per load.")
        print(f"Peak RSS of the process {peak_mb():,.0f} MB (includes moto's copy of every authorisation)")


if __name__ == "__main__":
    main()
