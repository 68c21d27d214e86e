"""Benchmark: Consultar estado de mi solicitud for a cotizante with 3 minors and 2,000 OPS each, one month filtered,
on the embedded AWS (issue 24).

    make bench-ops
    python -m benchmarks.ops --ops-per-person 2000 --months 24 --repeat 20

The four people's OPS (spread evenly over `--months` months, every state, a third payable) are written into the
`affiliate_ops` table; then the first page of one month of each person is asked through the handler
(chalice.test.Client: authorizer, household, route, service, DynamoDB, access log entry, JSON), repeated. Reported:
wall time, time inside boto calls (the emulator plus botocore's (de)serialisation) and the rest, the project's own
work, whose median must stay under 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from datetime import date, timedelta

from devstack.environment import stage_environment

os.environ.update(stage_environment("test"))

import boto3  # noqa: E402
import botocore.client  # noqa: E402
from moto import mock_aws  # noqa: E402

TARGET_MS = 100
MINORS = (("TI", "1107000101", 9), ("TI", "1107000102", 12), ("RC", "1107000103", 4))
ESTADOS = ("AUTORIZADA", "ENTREGADA", "EN PROCESO", "NEGADA", "ANULADA", "VENCIDA")
boto_seconds = [0.0]
boto_calls = [0]


def _time_boto_calls() -> None:
    original = botocore.client.BaseClient._make_api_call

    def timed(self, operation, params):
        started = time.perf_counter()
        try:
            return original(self, operation, params)
        finally:
            boto_seconds[0] += time.perf_counter() - started
            boto_calls[0] += 1

    botocore.client.BaseClient._make_api_call = timed


def _measure(action) -> tuple[float, float, int]:
    boto_seconds[0], boto_calls[0] = 0.0, 0
    started = time.perf_counter()
    action()
    return time.perf_counter() - started, boto_seconds[0], boto_calls[0]


def _csv(entity: str, rows: list[dict]) -> bytes:
    import csv
    import io

    from chalicelib.ingest import service

    out = io.StringIO()
    writer = csv.DictWriter(out, [c.name for c in service.columns_of(entity)], restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def _family(today: date) -> list[str]:
    """The demo cotizante and three minors through ingestion; their identities."""
    from chalicelib.affiliates import demo
    from tests.affiliates.conftest import load

    me = demo.COTIZANTE
    people = [{"Tipo documento": me.doc_type, "Número documento": me.doc_number, "Primer nombre": me.primer_nombre,
               "Primer apellido": me.primer_apellido, "Fecha nacimiento": me.birth_date(today).isoformat(),
               "Género": "M", "Régimen": "CONTRIBUTIVO", "Tipo afiliado": "COTIZANTE", "Tipo cotizante": "DEPENDIENTE",
               "Estado afiliación": "ACTIVO", "Derecho": "PLENO", "Correo": "luis.gomez@correo.example.co",
               "Celular": me.celular}]
    links = []
    for doc_type, number, age in MINORS:
        people.append({"Tipo documento": doc_type, "Número documento": number, "Primer nombre": "MENOR",
                       "Primer apellido": "GÓMEZ", "Fecha nacimiento": (today - timedelta(days=365 * age)).isoformat(),
                       "Género": "F", "Régimen": "CONTRIBUTIVO", "Tipo afiliado": "BENEFICIARIO",
                       "Estado afiliación": "ACTIVO"})
        links.append({"Tipo documento cotizante": me.doc_type, "Número documento cotizante": me.doc_number,
                      "Tipo documento beneficiario": doc_type, "Número documento beneficiario": number,
                      "Parentesco": "HIJO", "Fecha inicio": "2015-01-01"})
    for entity, rows in (("afiliados", people), ("grupo_familiar", links)):
        result = load(entity, _csv(entity, rows))
        assert result.rejected == [], result.rejected
    return [me.identity, *(f"{t}#{n}" for t, n, _ in MINORS)]


def _ops(identities: list[str], per_person: int, months: int, today: date, seed: int) -> None:
    from chalicelib.authorizations.repository import AuthorizationRepository

    rng = random.Random(seed)
    rows, numero = [], 40_000_000
    for identity in identities:
        for i in range(per_person):
            fecha = today - timedelta(days=(i * 30 * months) // per_person)
            estado = ESTADOS[i % len(ESTADOS)]
            numero += 1
            rows.append({
                "identity": identity, "numero_autorizacion": str(numero),
                "numero_presolicitud": str(7_000_000 + numero) if i % 3 == 0 else None, "fecha": fecha.isoformat(),
                "plan": "PBS", "cups": f"{890000 + rng.randrange(9999)}", "prestacion": "CONSULTA DE CONTROL O DE "
                "SEGUIMIENTO POR ESPECIALISTA EN NEUROLOGIA", "estado": estado, "proveedor_nit": None,
                "proveedor_sucursal": None, "proveedor_nombre": "CLINICA NUESTRA", "proveedor_telefonos": "8944000",
                "proveedor_ciudad": "CALI", "proveedor_direccion": "CALLE 5 # 38-25",
                "vencimiento": (fecha + timedelta(days=30)).isoformat(), "valor_cuota": 4100 if i % 2 else 0,
                "concepto": "CUOTA MODERADORA" if i % 2 else None, "recaudo_en_linea": "S" if i % 2 else "N",
                "observaciones": None, "origen": "PORTAL"})
    started = time.perf_counter()
    written = AuthorizationRepository().put_ops(rows)
    print(f"Loaded {written:,} OPS ({per_person:,} for each of {len(identities)} people over {months} months) "
          f"in {time.perf_counter() - started:.1f} s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ops-per-person", type=int, default=2_000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    with mock_aws():
        from chalice.test import Client

        from app import app
        from chalicelib import wiring
        from chalicelib.common import clock
        from chalicelib.config import get_settings
        from devstack.demo import DEMO_AFFILIATE, load_affiliate_account
        from devstack.provision import provision

        wiring.bind()
        provision(boto3.Session(), "test", region=get_settings().region)
        today = clock.now().date()
        identities = _family(today)
        _ops(identities, args.ops_per_person, args.months, today, args.seed)
        load_affiliate_account()
        refs = [wiring.affiliate_directory().find(identity).ref for identity in identities]
        _time_boto_calls()
        month = (today.replace(day=1) - timedelta(days=1)).isoformat()[:7]  # a whole month

        with Client(app) as client:
            login = client.http.post("/afiliados/sesion", headers={"Content-Type": "application/json"},
                                     body=json.dumps(DEMO_AFFILIATE).encode())
            headers = {"Authorization": f"Bearer {json.loads(login.body)['token']}"}
            print(f"\nFirst page of one month ({month}) of each person, {args.repeat} runs each through the handler:")
            owns = []
            for label, ref in zip(("cotizante", "menor 1", "menor 2", "menor 3"), refs, strict=True):
                path = f"/afiliados/autorizaciones?afiliado={ref}&mes={month}"
                shown = {}

                def first_page(p=path, s=shown, r=ref):
                    response = client.http.get(p, headers=headers)
                    assert response.status_code == 200, response.body
                    s["body"] = json.loads(response.body)
                    assert s["body"]["persona"] == r  # the person asked for, not the caller

                first_page()  # warm: cold-start work (bindings, clients, keys) is not the steady state
                runs = [_measure(first_page) for _ in range(args.repeat)]
                walls, botos = [r[0] * 1000 for r in runs], [r[1] * 1000 for r in runs]
                own = [w - b for w, b in zip(walls, botos, strict=True)]
                owns += own
                page = shown["body"]
                print(f"  {label:<9} page of {len(page['solicitudes'])} (more: {page['hay_mas']}): wall median "
                      f"{statistics.median(walls):6.1f} ms, in {runs[0][2]} boto calls {statistics.median(botos):6.1f}"
                      f" ms, own median {statistics.median(own):5.1f} ms (max {max(own):5.1f} ms)")
            verdict = "met" if statistics.median(owns) < TARGET_MS else "NOT met"
            print(f"  own work over all runs: median {statistics.median(owns):.1f} ms, p95 "
                  f"{sorted(owns)[int(len(owns) * 0.95) - 1]:.1f} ms (target < {TARGET_MS} ms: {verdict})")


if __name__ == "__main__":
    main()
