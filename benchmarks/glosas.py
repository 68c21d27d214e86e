"""Benchmark: a glosa response file of 50,000 lines through the whole local pipeline (upload → result emailed).

    make bench-glosas
    python -m benchmarks.glosas --rows 50000

The provider's glosa details (10 conciliations, invoices of 1 to 3 lines) are written straight to the
emulator's table, then their details view is stored as ingestion's derive stores it (`--no-view`: left out, the
load reads the tables); the file is the portal's own 50-column export of them with AL, AM, AN and AO filled, as a
provider returns it: 95 % of the lines answered correctly, 3 % over the glosa value (which refuses their
invoice), 2 % left for a later file. Reports, per stage: wall time, rows/s, AWS requests by operation, CPU split
into the emulator's (apart), botocore's and the rest of the own work; then, in a child process without the emulator,
the pipeline's own work (the repository's requests replayed through botocore) against the floor in alternating
pairs, and peak memory (benchmarks/measure.py: the method).
"""

from __future__ import annotations

import argparse
import io
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta

from devstack.environment import stage_environment

os.environ.update(stage_environment("test"))


from benchmarks.measure import Replay, alternating_pairs, floor_sheets, floor_work, peak_mb, timed_cpu  # noqa: E402
from benchmarks.probe import StageProbe  # noqa: E402
from benchmarks.upload_run import (  # noqa: E402
    PROVIDER,
    keep_history_out_of_the_collector,
    local_stack,
    machine_line,
    report_own_work,
    upload_and_wait,
)

STAGES = ("on_upload", "validate", "apply", "write", "notify")
NOTIFIED = date(2024, 3, 5)
probe = StageProbe(STAGES)


def details(rows: int, seed: int) -> list:
    """The provider's glosa details: `rows` lines in 10 conciliations, 1 to 3 lines per invoice."""
    from chalicelib.glosas.models import GlosaDetail

    rng = random.Random(seed)
    made, invoice = [], 0
    while len(made) < rows:
        invoice += 1
        conciliation = str(50_001 + invoice % 10)
        key = f"FE#{invoice}"
        for line in range(1, min(1 + rng.randrange(3), rows - len(made)) + 1):
            detail_key = f"{conciliation}#{key}#{line}"
            made.append(GlosaDetail(
                PROVIDER, detail_key, invoice_pk=f"{PROVIDER}#{key}", notification_key=f"{NOTIFIED}#{detail_key}",
                invoice_key=key, prefijo_factura="FE", sufijo_factura=str(invoice), nit="900123456",
                razon_social="IPS Demo S.A.S.", numero_factura=f"FE{invoice}", valor_factura=1_000_000,
                valor_glosa_aplicada=10_000 + rng.randrange(200_000), codigo_general_glosa="FA",
                codigo_especifico_glosa="FA0101", descripcion_glosa_inicial="Diferencia en cantidades facturadas",
                nombre_usuario="Paciente de prueba", numero_id_usuario=str(10_000_000 + invoice),
                fecha_atencion="2024-02-01", consecutivo_detalle=str(line),
                fecha_notificacion_glosa=NOTIFIED.isoformat(), consecutivo_conciliacion=conciliation))
    return made


def response_file(glosas: list, seed: int) -> bytes:
    """The portal's export of the details with the provider's answers typed in AL..AO."""
    from chalicelib.glosas import export
    from chalicelib.glosas.models import GlosaResponse

    rng = random.Random(seed)
    answered = []
    for d in glosas:
        roll = rng.random()
        if roll < 0.02:
            answered.append((d, None))  # left for a later file
            continue
        value = int(d.valor_glosa_aplicada)
        accepted = value + 1 if roll < 0.05 else value // 3
        answered.append((d, GlosaResponse(PROVIDER, d.detail_key, valor_aceptado_ips=accepted,
                                          valor_sustentado_ips=value - value // 3, numero_nota_credito_ips="NC-1",
                                          observaciones_ips_respuesta_a_glosa="Se acepta un tercio; el resto se "
                                                                              "sustenta con la historia clínica")))
    out = io.BytesIO()
    export.write(out, answered)
    return out.getvalue()


def own_work_child(rows: int, seed: int, pairs: int, replay: str | None, process: int) -> None:
    """The pipeline's own work on the file, as its process task does it (validate: parse; apply: read the stored
    details and answers, judge, record the answers; write: the result file), without the emulator, in alternating
    pairs with the floor (benchmarks/measure.py). With `replay`, the repository's requests go through botocore and
    are answered from the emulator's recorded answers (serialising and parsing are own work); without it, the
    stored details are built in memory and nothing is recorded."""
    from chalicelib import wiring
    from chalicelib.common.aws import client
    from chalicelib.common.bulk import collector_paused
    from chalicelib.config import get_settings
    from chalicelib.glosas import response_file as files
    from chalicelib.glosas.detail_view import GlosaDetailViews, GlosaViewStore
    from chalicelib.glosas.loads import load_summary
    from chalicelib.glosas.matching import judge, read_stored, stored_glosas
    from chalicelib.glosas.repository import DetailToMatch, GlosaRepository

    glosas = details(rows, seed)
    body = response_file(glosas, seed)
    today = NOTIFIED + timedelta(days=3)
    repository = GlosaRepository()
    if replay:
        wiring.bind()  # the stage's table names, as in the recorded requests
        answers = Replay(replay)
        answers.attach(client("dynamodb"))
        answers.attach(client("s3"))
        views = GlosaDetailViews(repository, GlosaViewStore(client("s3"), get_settings().data_bucket))
    else:
        memory = [(d.consecutivo_conciliacion, DetailToMatch(
            d.detail_key, d.invoice_key, d.numero_factura, d.consecutivo_detalle, int(d.valor_glosa_aplicada),
            d.fecha_notificacion_glosa)) for d in glosas]
    del glosas

    def stored(conciliations: set[str]):
        """As the processor's apply: the details the file names (from the stored view) and the answers recorded."""
        if not replay:
            return stored_glosas(memory, (), process)
        return read_stored(repository, views, PROVIDER, conciliations, process)

    work = tempfile.mkdtemp(prefix="bench-glosas-")
    source, result, floor_out = (os.path.join(work, name) for name in ("respuesta.xlsx", "own.xlsx", "floor.xlsx"))
    with open(source, "wb") as out:
        out.write(body)
    baseline = peak_mb()

    def own_work() -> None:
        with collector_paused():  # as the process task
            parsed, cells = files.parse(source, "NI-900123456-20240308.xlsx")
            found = stored({r.conciliacion for r in parsed if not r.error})
            outcomes = judge(parsed, found, PROVIDER.split("#")[-1], today)
            if replay:
                repository.record_answers(PROVIDER, [o.answer for o in outcomes if o.answer], process)
            results = {o.line: o.result for o in outcomes}
            load_summary(results.values())
            files.write_result(result, cells, results)

    first = timed_cpu(own_work)
    print(f"  first run of the own work: {first:.2f} s CPU; peak RSS {peak_mb():,.0f} MB ({baseline:,.0f} MB with "
          f"the details and file generated, before the work); the repository's requests "
          f"{'replayed through botocore' if replay else 'left out (details in memory)'}")
    with open(result, "rb") as produced:
        sheets = floor_sheets(produced.read(), {files.SHEET_NAME: files.RESULT_TABLE})
    print(f"  floor: calamine reads the {len(body) / 1e6:.1f} MB file, rust_xlsxwriter writes "
          + ", ".join(f"{s.name} {len(s.rows):,} × {len(s.titles)}" for s in sheets))
    measured = alternating_pairs(own_work, lambda: floor_work(body, sheets, floor_out), pairs)
    print(measured.report(rows))
    print(f"  peak RSS (VmHWM) of the child: {peak_mb():,.0f} MB")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--pairs", type=int, default=9, help="floor / own work pairs measured without the emulator")
    parser.add_argument("--own-work-child", action="store_true",
                        help="only the pairs, the stored details in memory (or --replay)")
    parser.add_argument("--no-view", action="store_true", help="no stored details view: the tables are read")
    parser.add_argument("--replay", help=argparse.SUPPRESS)
    parser.add_argument("--process", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.own_work_child:
        return own_work_child(args.rows, args.seed, args.pairs, args.replay, args.process)

    started = time.perf_counter()
    glosas = details(args.rows, args.seed)
    body = response_file(glosas, args.seed)
    print(f"Generated {len(glosas):,} glosa details and their response file ({len(body) / 1e6:.1f} MB, 50 "
          f"columns) in {time.perf_counter() - started:.1f} s; {machine_line()}")
    replay = os.path.join(tempfile.mkdtemp(prefix="bench-glosas-"), "apply-answers.pickle")

    with local_stack() as (session, admin):
        from chalicelib import wiring
        from chalicelib.common.clock import BOGOTA
        from chalicelib.glosas.detail_view import GlosaDetailViews, GlosaViewStore
        from chalicelib.glosas.loads import GlosaResponseProcessor
        from chalicelib.glosas.models import GlosaDetail
        from chalicelib.glosas.repository import GlosaRepository
        from chalicelib.uploads.pipeline import UploadPipeline

        started = time.perf_counter()
        with GlosaDetail.batch_write() as batch:
            for detail in glosas:
                batch.save(detail)
        print(f"Glosa details written to the emulator in {time.perf_counter() - started:.1f} s")
        if not args.no_view:  # what ingestion's derive does after a glosas load
            generation = GlosaDetailViews(GlosaRepository(), GlosaViewStore()).refresh(PROVIDER)
            print(f"  their details view stored as derive stores it (generation {generation})")
        del glosas
        keep_history_out_of_the_collector()
        wiring.use_clock(lambda: datetime.combine(NOTIFIED + timedelta(days=3), datetime.min.time(), BOGOTA))
        probe.instrument(UploadPipeline, GlosaResponseProcessor)
        probe.split.record_labels.add("apply")  # the repository's answers, replayed in the child below
        run = upload_and_wait(session, probe, wiring.glosa_loads().register, admin, "NI-900123456-20240308.xlsx",
                              body, until_execution_ends=True)
        probe.split.save("apply", replay)

    job, rows = run.job, run.job.total_rows
    summary = job.summary.as_dict()
    print(f"\nPipeline, {rows:,} lines: upload → S3 event → Step Functions → {job.status}, process "
          f"{job.process_number}: {summary['registradas']:,} recorded, {summary['rechazadas']:,} refused, "
          f"{summary['sin_respuesta']:,} without an answer — {summary['resultado']}")
    print(f"  end to end (result emailed): {run.seconds:6.1f} s  {rows / run.seconds:8,.0f} rows/s  (the seed's "
          "sample: 21 s for one conciliation)")
    report_own_work(probe, rows, run, STAGES, ("validate", "apply", "write"))
    print("The pipeline's own work against the floor, in a child process without the emulator (the repository's "
          "requests replayed through botocore):", flush=True)
    subprocess.run([sys.executable, "-m", "benchmarks.glosas", "--own-work-child", "--rows", str(args.rows),
                    "--seed", str(args.seed), "--pairs", str(args.pairs), "--replay", replay,
                    "--process", str(int(job.process_number or 0))], check=True)


if __name__ == "__main__":
    main()
