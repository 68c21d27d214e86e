"""Benchmark: the affiliates' extracts (1,000,000 `afiliados` + 700,000 `grupo_familiar` rows) through ingestion's
real read → validate → write path, locally.

    make bench-affiliates
    python -m benchmarks.affiliates --afiliados 20000 --grupo-familiar 14000

Each entity runs in its own child process (its peak memory is its own: VmHWM), streaming the CSV: read_rows →
service.validate (5,000-row chunks, as the pipeline stages them) → service.write (the affiliates' repository
building raw items, refs included, and common/dynamo_items.put_items through botocore's real serialisation).

- "own work": DynamoDB's answers come from a `before-send` handler answering every BatchWriteItem at once with
  nothing unprocessed, so the figures are the project's work plus botocore's, at any size (moto stores ~4k items/s
  and keeps every item in memory: 1.7 million of them do not fit the 512 MB the run is held to).
- "emulator": the first --emulator-rows rows of each file again, into moto's tables (Step Functions aside), read
  back with a Scan count: the same path writes items DynamoDB accepts.
Reports rows/s (wall and per CPU second), BatchWriteItem requests and peak RSS per entity; target < 512 MB.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from devstack.environment import stage_environment

os.environ.update(stage_environment("test"))

PEAK_TARGET_MB = 512
CHUNK_ROWS = 5_000  # chalicelib.ingest.pipeline.CHUNK_ROWS
FIRST_NUMBER = 10_000_000
ESTADOS = ("ACTIVO",) * 8 + ("VIGENTE", "SUSPENDIDO")
CITIES = (("Valle del Cauca", "Cali"), ("Valle del Cauca", "Palmira"), ("Antioquia", "Medellín"),
          ("Bogotá, D.C.", "Bogotá, D.C."), ("Atlántico", "Barranquilla"))


def peak_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) / 1024


# --- the files ---------------------------------------------------------------------------------------------------

def write_afiliados(path: Path, rows: int, rng: random.Random, today: date) -> None:
    from chalicelib.ingest import service

    names = [c.name for c in service.columns_of("afiliados")]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(names)
        for n in range(rows):
            cotizante = n % 7 < 3
            departamento, ciudad = rng.choice(CITIES)
            born = today - timedelta(days=rng.randint(25 if cotizante else 0, 80 * 365))
            values = {
                "Tipo documento": "CC", "Número documento": str(FIRST_NUMBER + n), "Primer nombre": "PERSONA",
                "Segundo nombre": "DE PRUEBA", "Primer apellido": f"APELLIDO{n % 997}", "Segundo apellido": "RUIZ",
                "Fecha nacimiento": born.strftime("%d/%m/%Y"), "Género": "MF"[n % 2], "Régimen": "CONTRIBUTIVO",
                "Tipo afiliado": "COTIZANTE" if cotizante else "BENEFICIARIO",
                "Tipo cotizante": "DEPENDIENTE" if cotizante else "", "Estado afiliación": rng.choice(ESTADOS),
                "Derecho": "PLENO", "Rango salarial": "A" if cotizante else "", "Recién nacido": "N",
                "Fecha afiliación": "", "NIT IPS primaria": "900123456-8", "Sucursal IPS primaria": "001",
                "Correo": f"persona{n}@correo.example.co",
                "Teléfono residencia": f"602{rng.randint(2_000_000, 8_999_999)}",
                "Celular": f"3{rng.randint(100_000_000, 299_999_999)}",
                "Dirección residencia": f"CALLE {n % 120} # 5-{n % 99}",
                "Departamento residencia": departamento, "Ciudad residencia": ciudad, "Barrio": "CENTRO",
            }
            writer.writerow([values.get(name, "") for name in names])


def write_grupo_familiar(path: Path, rows: int, afiliados: int, rng: random.Random, today: date) -> None:
    from chalicelib.ingest import service

    names = [c.name for c in service.columns_of("grupo_familiar")]
    cotizantes = max(1, afiliados * 3 // 7)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(names)
        for n in range(rows):  # distinct (cotizante, beneficiario): beneficiary n, cotizante n mod cotizantes
            cotizante = FIRST_NUMBER + n % cotizantes
            beneficiario = FIRST_NUMBER + afiliados + n
            writer.writerow(["CC", cotizante, "TI", beneficiario, rng.choice(("HIJO", "HIJO", "CONYUGE", "PADRE")),
                             (today - timedelta(days=rng.randint(1, 5000))).isoformat(), ""])


# --- one entity, in a child process ------------------------------------------------------------------------------

def child(entity: str, path: Path, target: str, limit: int | None) -> None:
    """Read → validate → write one file, printing one JSON line of figures."""
    started_peak = peak_mb()
    if target == "own":
        figures = _own(entity, path, limit)
    else:
        from moto import mock_aws

        with mock_aws():
            figures = _emulator(entity, path, limit)
    print(json.dumps({"entity": entity, "target": target, **figures, "peak_mb": peak_mb(),
                      "imports_mb": started_peak}))


def _own(entity: str, path: Path, limit: int | None) -> dict:
    """No emulator at all: botocore's real clients, answered by `before-send` handlers before anything is sent
    (BatchWriteItem: nothing unprocessed; GetSecretValue: the signing key the refs are derived from)."""
    from botocore.awsrequest import AWSResponse
    from moto.core.botocore_stubber import MockRawResponse

    from chalicelib.common.aws import client
    from chalicelib.config import get_settings

    requests = [0]

    def answer(body: bytes):
        def handler(request, **_kwargs):
            requests[0] += request.headers.get("X-Amz-Target", b"").endswith(b"BatchWriteItem")
            return AWSResponse(request.url, 200, {}, MockRawResponse(body))
        return handler

    secret = json.dumps({"Name": get_settings().token_key_secret, "SecretString": "bench-" * 8}).encode()
    client("secretsmanager").meta.events.register_first("before-send.secrets-manager", answer(secret))
    client("dynamodb").meta.events.register_first("before-send.dynamodb", answer(b'{"UnprocessedItems": {}}'))
    return {**_validate_and_write(entity, path, limit), "requests": requests[0], "stored": None}


def _emulator(entity: str, path: Path, limit: int | None) -> dict:
    import boto3

    from chalicelib import wiring
    from chalicelib.common.aws import client, reset_clients
    from chalicelib.config import get_settings
    from devstack.provision import provision

    reset_clients()
    wiring.reset()
    wiring.bind()
    settings = get_settings()
    provision(boto3.Session(), "test", region=settings.region)
    requests = [0]
    client("dynamodb").meta.events.register("before-call.dynamodb.BatchWriteItem",
                                            lambda **_kwargs: requests.__setitem__(0, requests[0] + 1))
    figures = _validate_and_write(entity, path, limit)
    table = {"afiliados": "affiliates", "grupo_familiar": "affiliate_family"}[entity]
    stored = sum(page["Count"] for page in client("dynamodb").get_paginator("scan").paginate(
        TableName=f"{settings.table_prefix}{table}", Select="COUNT"))
    return {**figures, "requests": requests[0], "stored": stored}


def _validate_and_write(entity: str, path: Path, limit: int | None) -> dict:
    from chalicelib.ingest import service
    from chalicelib.ingest.pipeline import INGEST_LIMITS
    from chalicelib.spreadsheets import read_rows

    rows = read_rows(path, path.name, service.columns_of(entity), INGEST_LIMITS)  # the pipeline's limits
    if limit:
        rows = (row for _, row in zip(range(limit), rows, strict=False))
    written = [0]

    def sink(chunk: list) -> None:
        written[0] += service.write(entity, chunk)

    wall, cpu = time.perf_counter(), time.process_time()
    result = service.validate(entity, rows, lambda ids: set(ids), sink=sink, chunk_size=CHUNK_ROWS,
                              reject=lambda row: None)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"rows": result.total_rows, "accepted": result.accepted_rows, "written": written[0], "wall": wall,
            "cpu": cpu}


def run_child(entity: str, path: Path, target: str, limit: int | None = None) -> dict:
    command = [sys.executable, "-m", "benchmarks.affiliates", "--child", entity, str(path), target]
    if limit:
        command += ["--limit", str(limit)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def report(measured: dict) -> str:
    rows, wall, cpu = measured["rows"], measured["wall"], measured["cpu"]
    verdict = "met" if measured["peak_mb"] < PEAK_TARGET_MB else "NOT met"
    stored = f", {measured['stored']:,} items read back" if measured["stored"] is not None else ""
    return (f"  {measured['entity']:<15} {measured['target']:<8} {rows:>9,} rows  {wall:7.1f} s wall "
            f"{rows / wall:9,.0f} rows/s  ({rows / cpu:9,.0f} per CPU second)  {measured['requests']:,} "
            f"BatchWriteItem, {measured['written']:,} items{stored}  peak RSS {measured['peak_mb']:,.0f} MB "
            f"(imports {measured['imports_mb']:,.0f} MB; target < {PEAK_TARGET_MB} MB: {verdict})")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--afiliados", type=int, default=1_000_000)
    parser.add_argument("--grupo-familiar", type=int, default=700_000)
    parser.add_argument("--emulator-rows", type=int, default=20_000, help="rows of each file written into moto")
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--child", nargs=3, metavar=("ENTITY", "PATH", "TARGET"), help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        entity, path, target = args.child
        return child(entity, Path(path), target, args.limit)

    folder = Path(tempfile.mkdtemp(prefix="bench-afiliados-"))
    rng, today = random.Random(args.seed), date.today()
    started = time.perf_counter()
    files = {"afiliados": folder / "afiliados.csv", "grupo_familiar": folder / "grupo_familiar.csv"}
    write_afiliados(files["afiliados"], args.afiliados, rng, today)
    write_grupo_familiar(files["grupo_familiar"], args.grupo_familiar, args.afiliados, rng, today)
    sizes = ", ".join(f"{name} {path.stat().st_size / 1e6:,.0f} MB" for name, path in files.items())
    print(f"Generated {args.afiliados:,} afiliados + {args.grupo_familiar:,} grupo_familiar rows ({sizes}) in "
          f"{time.perf_counter() - started:.1f} s; cores: {os.cpu_count()}, load average {os.getloadavg()[0]:.1f}")
    print("\nRead → validate → write, one child process per entity (own: DynamoDB answered at once; emulator: moto)")
    for entity, path in files.items():
        print(report(run_child(entity, path, "own")), flush=True)
        if args.emulator_rows:
            print(report(run_child(entity, path, "emulator", args.emulator_rows)), flush=True)


if __name__ == "__main__":
    main()
