"""Benchmark: the detail file of one conciliation (GET /glosas/conciliaciones/{n}/detalle), by its number of lines.

    make bench-glosa-export
    python -m benchmarks.glosa_export --lines 5000,20000,50000 --emulated 20000

Two parts (benchmarks/measure.py, the method):
- without the emulator: the file's own work on details and answers held in memory (the writer, and PynamoDB's
  models built from DynamoDB's JSON as the repository's reads build them), CPU seconds, the file's size, peak memory;
- through the service on the emulator (`--emulated` lines, 95 % answered): wall time, AWS requests, CPU split into
  the emulator's (apart), botocore's and the rest of the own work.
The service answers a file inline up to 4 MB and otherwise as a link (chalicelib/common/files.deliver); its limit
on lines (chalicelib/glosas/service.py) comes from these figures (docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import io
import os
import random
import time

from devstack.environment import stage_environment

os.environ.update(stage_environment("test"))

import boto3  # noqa: E402
from moto import mock_aws  # noqa: E402

from benchmarks.glosas import NOTIFIED, PROVIDER, details  # noqa: E402
from benchmarks.measure import BotoSplit, cpu, peak_mb  # noqa: E402

CONCILIATION = "50001"


def one_conciliation(lines: int, seed: int) -> tuple[list, list]:
    """`lines` details of one conciliation, and the portal's answers to 95 % of them."""
    from chalicelib.glosas.models import GlosaResponse

    made = details(lines, seed)
    for d in made:
        d.consecutivo_conciliacion = CONCILIATION
        d.detail_key = f"{CONCILIATION}#{d.invoice_key}#{d.consecutivo_detalle}"
        d.notification_key = f"{NOTIFIED}#{d.detail_key}"
    rng = random.Random(seed)
    answers = [GlosaResponse(PROVIDER, d.detail_key, fecha_respuesta_a_glosa_ips="2024-03-08",
                             codigo_respuesta_glosa_ips="998", descripcion_respuesta_glosa_ips="Aceptada parcialmente",
                             valor_aceptado_ips=int(d.valor_glosa_aplicada) // 3,
                             valor_sustentado_ips=int(d.valor_glosa_aplicada) - int(d.valor_glosa_aplicada) // 3,
                             numero_nota_credito_ips="NC-1", observaciones_ips_respuesta_a_glosa="Se sustenta")
               for d in made if rng.random() < 0.95]
    return made, answers


def without_emulator(lines: int, seed: int) -> None:
    from chalicelib.glosas import export
    from chalicelib.glosas.models import GlosaDetail, GlosaResponse

    made, answers = one_conciliation(lines, seed)
    raw_details = [d.serialize() for d in made]  # DynamoDB's JSON, as a Query page brings it
    raw_answers = [a.serialize() for a in answers]
    del made, answers
    started = cpu()
    built = [GlosaDetail.from_raw_data(item) for item in raw_details]
    by_key = {a.detail_key: a for a in (GlosaResponse.from_raw_data(item) for item in raw_answers)}
    models = cpu() - started
    out = io.BytesIO()
    started = cpu()
    export.write(out, ((d, by_key.get(d.detail_key)) for d in built))
    written = cpu() - started
    print(f"  {lines:>7,} lines: models from DynamoDB JSON {models:5.2f} s CPU, file {written:5.2f} s CPU "
          f"({lines / written:,.0f} lines/s), {len(out.getvalue()) / 1e6:4.1f} MB; peak RSS {peak_mb():,.0f} MB",
          flush=True)


def on_emulator(lines: int, seed: int) -> None:
    split = BotoSplit()
    split.install()
    with mock_aws():
        from app import app
        from chalicelib import wiring
        from chalicelib.glosas.models import GlosaDetail, GlosaResponse
        from devstack.lambdas import create_functions
        from devstack.provision import provision

        session = boto3.Session()
        wiring.bind()
        provision(session, "test", functions=create_functions(session, app, "test", region="us-east-1"))
        made, answers = one_conciliation(lines, seed)
        started = time.perf_counter()
        for model, items in ((GlosaDetail, made), (GlosaResponse, answers)):
            with model.batch_write() as batch:
                for item in items:
                    batch.save(item)
        print(f"  {len(made):,} details and {len(answers):,} answers written to the emulator in "
              f"{time.perf_counter() - started:.1f} s", flush=True)
        del made, answers
        service = wiring.glosas()
        split.set_label("export")
        started_wall, started = time.perf_counter(), cpu()
        answer = service.detail_file(PROVIDER, CONCILIATION)
        wall, spent = time.perf_counter() - started_wall, cpu() - started
        split.set_label(None)
        emulator, botocore_own = split.emulator["export"], split.botocore("export")
        kind = f"a link ({answer.registros:,} lines)" if hasattr(answer, "url") else f"inline ({len(answer.body):,} B)"
        print(f"  {lines:,} lines through the service: {wall:.1f} s wall, answered {kind}; CPU {spent:.2f} s: "
              f"emulator {emulator:.2f} s, own {spent - emulator:.2f} s (of which botocore {botocore_own:.2f} s); "
              f"requests {sum(split.operations['export'].values()):,} {dict(split.operations['export'])}", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", default="5000,20000,50000", help="sizes measured without the emulator")
    parser.add_argument("--emulated", type=int, default=20_000, help="lines exported through the emulator (0: none)")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    print(f"cores: {os.cpu_count()}, load average {'/'.join(f'{v:.1f}' for v in os.getloadavg())}")
    print("The detail file's own work, without the emulator:")
    for lines in map(int, args.lines.split(",")):
        without_emulator(lines, args.seed)
    if args.emulated:
        print("Through the service on the emulator:")
        on_emulator(args.emulated, args.seed)


if __name__ == "__main__":
    main()
