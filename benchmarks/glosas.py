"""Benchmark: a glosa response file of 50,000 lines through the whole local pipeline (upload → result emailed).

    make bench-glosas
    python -m benchmarks.glosas --rows 50000

The provider's glosa details (10 conciliations, invoices of 1 to 3 lines) are written straight to the
emulator's table; the file is the portal's own 50-column export of them with AL, AM, AN and AO filled, as a
provider returns it: 95 % of the lines answered correctly, 3 % over the glosa value (which refuses their
invoice), 2 % left for a later file. Reports, per stage: wall time, rows/s, AWS requests by operation, time
inside the emulator apart from the pipeline's own work; the parse-and-write floor measured in the same run
(python-calamine reads the file, xlsxwriter writes 50,000 × 51 cells); peak memory (VmHWM).
"""

from __future__ import annotations

import argparse
import gc
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

import boto3  # noqa: E402
import xlsxwriter  # noqa: E402
from moto import mock_aws  # noqa: E402
from moto.core.config import default_user_config  # noqa: E402

from benchmarks.probe import StageProbe, peak_mb  # noqa: E402

STAGES = ("on_upload", "validate", "apply", "write", "notify")
PROVIDER = "NI#900123456"
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


def floor(body: bytes) -> tuple[float, float, float]:
    """Parse-and-write floor: calamine reads the file; xlsxwriter (ARCHITECTURE.md's floor) and rust_xlsxwriter
    (the writer the pipeline uses) write what it read plus one column."""
    import rustpy_xlsxwriter
    from python_calamine import CalamineWorkbook

    started = time.perf_counter()
    rows = CalamineWorkbook.from_filelike(io.BytesIO(body)).get_sheet_by_index(0).to_python()
    parse = time.perf_counter() - started
    started = time.perf_counter()
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as out:
        book = xlsxwriter.Workbook(out.name, {"constant_memory": True})
        sheet = book.add_worksheet()
        for r, row in enumerate(rows):
            sheet.write_row(r, 0, [*row, "Respuesta registrada"])
        book.close()
    write = time.perf_counter() - started
    started = time.perf_counter()
    titles = [*rows[0], "Resultado del Cargue"]
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as out:
        rustpy_xlsxwriter.write_worksheet(
            (dict(zip(titles, [*row, "Respuesta registrada"], strict=True)) for row in rows[1:]), out.name)
    return parse, write, time.perf_counter() - started


def tasks_memory_child(rows: int, seed: int) -> None:
    """The pipeline's own work without the emulator: parse, evaluate against the details, write the result —
    what the glosas_task Lambda holds at its peak."""
    from chalicelib.common.bulk import collector_paused
    from chalicelib.glosas import response_file as files
    from chalicelib.glosas.responses import ResponseRow, StoredDetail, evaluate

    glosas = details(rows, seed)
    body = response_file(glosas, seed)
    stored = {d.detail_key: StoredDetail(d.detail_key, f"{d.consecutivo_conciliacion}#{d.invoice_key}",
                                         int(d.valor_glosa_aplicada), NOTIFIED) for d in glosas}
    keys = {(d.consecutivo_conciliacion, d.numero_factura, d.consecutivo_detalle): d.detail_key for d in glosas}
    del glosas
    baseline = peak_mb()
    started = time.perf_counter()
    with collector_paused():  # as each glosas task
        parsed, cells = files.parse(io.BytesIO(body), "bench.xlsx")
        outcomes = evaluate((ResponseRow(r.fila, keys.get((r.conciliacion, r.factura, r.detalle), ""), r.aceptado,
                                         r.sustentado, r.nota_credito, r.observaciones, r.error) for r in parsed),
                            stored, set(), NOTIFIED + timedelta(days=3))
        results = {o.line: o.result for o in outcomes}
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as out:
            files.write_result(out.name, cells, results)
    print(f"  parse + evaluate + write without the emulator: {time.perf_counter() - started:.1f} s; "
          f"peak RSS {peak_mb():,.0f} MB ({baseline:,.0f} MB with the details and file generated, before the work)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--tasks-memory-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.tasks_memory_child:
        return tasks_memory_child(args.rows, args.seed)

    started = time.perf_counter()
    glosas = details(args.rows, args.seed)
    body = response_file(glosas, args.seed)
    print(f"Generated {len(glosas):,} glosa details and their response file ({len(body) / 1e6:.1f} MB, 50 "
          f"columns) in {time.perf_counter() - started:.1f} s; cores: {os.cpu_count()}")
    parse, write, fast_write = floor(body)
    print(f"Floor, same run: calamine reads it in {parse:.2f} s, xlsxwriter writes {args.rows:,} × 51 in "
          f"{write:.2f} s: {parse + write:.2f} s (with rust_xlsxwriter, the pipeline's writer: "
          f"{parse + fast_write:.2f} s)")

    with mock_aws(config={"stepfunctions": {"execute_state_machine": True}}):
        default_user_config.setdefault("stepfunctions", {})["execute_state_machine"] = True
        from app import app
        from chalicelib import wiring
        from chalicelib.accounts.permissions import Menu, Principal, Role
        from chalicelib.common.clock import BOGOTA
        from chalicelib.config import get_settings
        from chalicelib.glosas.loads import GlosaResponseLoads
        from chalicelib.glosas.models import GlosaDetail
        from devstack.lambdas import create_functions
        from devstack.provision import provision
        from devstack.uploads import wait_for_job
        from tests import factories

        session = boto3.Session()
        wiring.bind()
        provision(session, "test", functions=create_functions(session, app, "test", region="us-east-1"))
        admin = factories.person("1000000001")
        factories.membership(admin, factories.provider())
        started = time.perf_counter()
        with GlosaDetail.batch_write() as batch:
            for detail in glosas:
                batch.save(detail)
        print(f"Glosa details written to the emulator in {time.perf_counter() - started:.1f} s")
        del glosas
        gc.collect()
        gc.freeze()  # the emulator's tables stay out of the collector's passes, as in benchmarks/cartera.py

        loads = wiring.glosa_loads()
        loads._now = lambda: datetime.combine(NOTIFIED + timedelta(days=3), datetime.min.time(), BOGOTA)
        probe.instrument(GlosaResponseLoads)
        principal = Principal(admin.person_id, PROVIDER, Role.ADMINISTRADOR, frozenset(Menu), "bench", False)
        registered = loads.register(principal, "NI-900123456-20240308.xlsx")
        s3 = session.client("s3", region_name="us-east-1")
        before = peak_mb()
        started = time.perf_counter()
        with probe.stage("upload"):
            s3.put_object(Bucket=get_settings().data_bucket, Key=registered.job.source_key, Body=body)
        job = wait_for_job(registered.job.job_id, timeout=3600, poll_seconds=0.5)
        sfn = session.client("stepfunctions", region_name="us-east-1")
        while sfn.describe_execution(executionArn=job.execution_arn)["status"] == "RUNNING":  # the email is sent
            time.sleep(0.05)
        total = time.perf_counter() - started
        assert job.status == "FINALIZADO", (job.status, job.error)

    rows, summary = job.total_rows, job.summary.as_dict()
    print(f"\nPipeline, {rows:,} lines: upload → S3 event → Step Functions → {job.status}, process "
          f"{job.process_number}: {summary['registradas']:,} recorded, {summary['rechazadas']:,} refused, "
          f"{summary['sin_respuesta']:,} without an answer — {summary['resultado']}")
    print(f"  end to end (result emailed): {total:6.1f} s  {rows / total:8,.0f} rows/s  (the seed's sample: 21 s "
          "for one conciliation)")
    own = probe.report(rows, ("upload", *STAGES), ("validate", "apply", "write"))
    print(f"  own work of validate + apply + write: {own:.2f} s = {own / (parse + write):.1f}× the floor "
          f"({parse + write:.2f} s; target ≤ 2×), {own / (parse + fast_write):.1f}× the floor with the pipeline's "
          f"writer ({parse + fast_write:.2f} s)")
    print("Memory of the pipeline's own work (child process, no emulator):", flush=True)
    subprocess.run([sys.executable, "-m", "benchmarks.glosas", "--tasks-memory-child", "--rows", str(args.rows)],
                   check=True)
    print(f"  peak RSS (VmHWM) of the benchmark process: {peak_mb():,.0f} MB ({before:,.0f} MB before the upload): "
          "it holds moto's tables and S3 objects too")


if __name__ == "__main__":
    main()
