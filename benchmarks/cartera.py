"""Benchmark: a 50,000-row cartera file through the whole local pipeline (upload → result ready).

    make bench-cartera
    python -m benchmarks.cartera --rows 50000 --history 60000

The provider's EPS history (invoices, totals, glosas, payments) is written straight to the emulator's
tables; 90 % of the file's invoices exist there. Reports, per stage: wall time, rows/s, AWS requests by
operation (what a deployment pays), time inside the emulator (moto runs in this process: time spent in
botocore calls) apart from the pipeline's own work; the parse-and-write floor measured in the same run
(python-calamine reading the file + xlsxwriter writing 50,000 × 6 cells); peak memory (VmHWM).
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
from dataclasses import dataclass
from datetime import date, timedelta

from devstack.environment import stage_environment

os.environ.update(stage_environment("test"))

import boto3  # noqa: E402
import xlsxwriter  # noqa: E402
from moto import mock_aws  # noqa: E402
from moto.core.config import default_user_config  # noqa: E402

from benchmarks.probe import StageProbe, peak_mb, work_cpu  # noqa: E402

STAGES = ("on_upload", "receipt", "validate", "reconcile", "write", "notify")  # validate..write: one task
PROVIDER = "NI#900123456"
probe = StageProbe(STAGES)


def cartera_file(rows: int, seed: int) -> bytes:
    """As Excel writes it: shared strings, date cells, numeric amounts."""
    rng = random.Random(seed)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Facturas")
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, ("Numero Factura", "Prefijo", "Sufijo", "Fecha factura", "Valor factura", "Saldo factura"))
    for r in range(1, rows + 1):
        sufijo = r if r % 10 else 900_000 + r  # one row in ten unknown to the EPS
        valor = 100_000 + rng.randrange(5_000_000)
        sheet.write_string(r, 0, f"FE{sufijo}")
        sheet.write_string(r, 1, "FE")
        sheet.write_number(r, 2, sufijo)
        sheet.write_datetime(r, 3, date(2024, 1, 1) + timedelta(days=r % 300), dates)
        sheet.write_number(r, 4, valor)
        sheet.write_number(r, 5, valor // (1 + r % 3))
    book.close()
    return buffer.getvalue()


def load_history(invoices: int, seed: int) -> int:
    from chalicelib.eps.models import Invoice, InvoiceTotals
    from chalicelib.glosas.models import GlosaDetail
    from chalicelib.payments.models import Payment, PaymentLine

    rng = random.Random(seed)
    items: dict = {Invoice: [], InvoiceTotals: [], GlosaDetail: [], Payment: [], PaymentLine: []}
    payments = [Payment(PROVIDER, f"{7000 + n}", payment_date_key=f"2024-{1 + n % 12:02d}-10#{7000 + n}",
                        tipo_pago="Transferencia Electrónica", fecha_pago=f"2024-{1 + n % 12:02d}-10",
                        valor_pagado=1) for n in range(48)]
    items[Payment] = payments
    for n in range(1, invoices + 1):
        key = f"FE#{n}"
        valor = 100_000 + rng.randrange(5_000_000)
        estado = rng.choice(("radicada", "en_auditoria", "glosada_parcial", "pagada_parcial", "pagada_total"))
        items[Invoice].append(Invoice(PROVIDER, key, prefijo="FE", sufijo=str(n), numero_factura=f"FE{n}",
                                      fecha_factura="2024-01-15", valor_factura=valor, numero_radicado=f"R{n}",
                                      fecha_radicacion="2024-01-20", estado=estado))
        pagado = valor if estado == "pagada_total" else valor // 2 if estado == "pagada_parcial" else 0
        glosado = valor // 5 if estado == "glosada_parcial" else 0
        if pagado or glosado:
            items[InvoiceTotals].append(InvoiceTotals(PROVIDER, key, valor_pagado=pagado, valor_glosado=glosado))
        if pagado:
            pay = payments[n % len(payments)]
            items[PaymentLine].append(PaymentLine(f"{PROVIDER}#{pay.payment_number}", key,
                                                  invoice_pk=f"{PROVIDER}#{key}", provider_id=PROVIDER,
                                                  payment_number=pay.payment_number, prefijo="FE", sufijo=str(n),
                                                  valor_pagado_factura=pagado))
        if glosado:
            items[GlosaDetail].append(GlosaDetail(
                PROVIDER, f"C1#{key}#1", invoice_pk=f"{PROVIDER}#{key}", notification_key=f"2024-02-10#C1#{key}#1",
                invoice_key=key, prefijo_factura="FE", sufijo_factura=str(n), nit="900123456",
                numero_factura=f"FE{n}", valor_factura=valor, valor_glosa_aplicada=glosado,
                codigo_general_glosa="1", codigo_especifico_glosa="101", consecutivo_detalle="1",
                fecha_notificacion_glosa="2024-02-10", consecutivo_conciliacion="C1",
                fecha_respuesta_a_glosa_ips="2024-02-20" if n % 2 else None,
                valor_aceptado_ips=glosado // 4 if n % 2 else None))
    for model, batch_items in items.items():
        with model.batch_write() as batch:
            for item in batch_items:
                batch.save(item)
    return sum(len(v) for v in items.values())


@dataclass(frozen=True)
class Floor:
    parse: float
    write: float
    cpu: float  # the thread's CPU seconds of parse + write
    fast_write: float  # the same 50,000 × 6 through rust_xlsxwriter, the writer of the result file

    @property
    def wall(self) -> float:
        return self.parse + self.write


def floor(body: bytes, rows: int) -> Floor:
    """The parse-and-write floor of ARCHITECTURE.md, here: calamine reads the file, xlsxwriter writes 50,000 × 6."""
    import rustpy_xlsxwriter
    from python_calamine import CalamineWorkbook

    started, started_cpu = time.perf_counter(), time.thread_time()
    CalamineWorkbook.from_filelike(io.BytesIO(body)).get_sheet_by_index(0).to_python()
    parse = time.perf_counter() - started
    started = time.perf_counter()
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as out:
        book = xlsxwriter.Workbook(out.name, {"constant_memory": True})
        sheet = book.add_worksheet()
        for r in range(rows):
            sheet.write_row(r, 0, (f"FE{r}", "FE", r, 45_000, 1_000_000, 500_000))
        book.close()
    write, cpu = time.perf_counter() - started, time.thread_time() - started_cpu
    started = time.perf_counter()
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as out:
        rustpy_xlsxwriter.write_worksheet(({"a": f"FE{r}", "b": "FE", "c": r, "d": 45_000, "e": 1_000_000,
                                            "f": 500_000} for r in range(rows)), out.name)
    return Floor(parse, write, cpu, time.perf_counter() - started)


def floor_beside(body: bytes, rows: int, runs: int = 3) -> Floor:
    """The floor's median of `runs`: one run swings ±30 % on a shared machine."""
    return sorted((floor(body, rows) for _ in range(runs)), key=lambda f: f.cpu)[runs // 2]


def own_work_child(rows: int, seed: int, pairs: int) -> None:
    """The Process task's own work on 50,000 rows without the emulator (which holds every table and object in the
    benchmark's process): validate, reconcile against an EPS view of every invoice, write the result — its peak
    memory, then `pairs` runs each followed by the floor, in thread CPU: this machine's speed drifts by ±50 % from
    one minute to the next, and a ratio of neighbours is steadier than a ratio of two far-apart runs."""
    from chalicelib.cartera.eps_reads import EpsInvoice
    from chalicelib.cartera.reconcile import reconcile_file
    from chalicelib.cartera.result_file import write_result
    from chalicelib.cartera.validation import validate_file
    from chalicelib.common.bulk import collector_paused

    body = cartera_file(rows, seed)
    view = {f"FE#{n}": EpsInvoice(f"R{n}", "2024-01-20", "pagada_parcial", 1_000_000, valor_pagado=500_000,
                                  ultimo_pago="7001", fecha_ultimo_pago="2024-02-10") for n in range(1, rows + 1)}
    baseline = peak_mb()

    def own_work() -> float:
        started = work_cpu()
        with collector_paused():  # as CarteraPipeline.process
            result = validate_file(io.BytesIO(body), "bench.xlsx")
            lines, summary = reconcile_file(result.valid, view, rejected=len(result.rejected))
            with tempfile.NamedTemporaryFile(suffix=".xlsx") as out:
                write_result(out.name, lines, result.rejected, summary.as_dict(), "bench.xlsx")
        return work_cpu() - started

    first = own_work()
    print(f"  validate + reconcile + write: {first:.2f} s CPU; peak RSS {peak_mb():,.0f} MB ({baseline:,.0f} MB with "
          "the file and the EPS view built, before the work)")
    ratios = []
    for _ in range(pairs):
        own, reference = own_work(), floor(body, rows).cpu
        ratios.append(own / reference)
        print(f"  pair: own work {own:.2f} s CPU, floor {reference:.2f} s CPU: {own / reference:.2f}×")
    ratios.sort()
    print(f"  own work / floor, median of {pairs} pairs: {ratios[pairs // 2]:.2f}× (from {ratios[0]:.2f}× to "
          f"{ratios[-1]:.2f}×; target ≤ 2×)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--history", type=int, default=60_000, help="invoices of the provider in the EPS")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--pairs", type=int, default=5, help="own work / floor pairs measured without the emulator")
    parser.add_argument("--own-work-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.own_work_child:
        return own_work_child(args.rows, args.seed, args.pairs)

    started = time.perf_counter()
    body = cartera_file(args.rows, args.seed)
    print(f"Generated a {args.rows:,}-row cartera XLSX ({len(body) / 1e6:.1f} MB) in "
          f"{time.perf_counter() - started:.1f} s; cores: {os.cpu_count()}")
    fresh = floor(body, args.rows)
    print(f"Floor in a fresh process: calamine reads it in {fresh.parse:.2f} s, xlsxwriter writes {args.rows:,} × 6 "
          f"in {fresh.write:.2f} s: {fresh.wall:.2f} s (rust_xlsxwriter writes the same in {fresh.fast_write:.2f} s)")

    with mock_aws(config={"stepfunctions": {"execute_state_machine": True}}):
        default_user_config.setdefault("stepfunctions", {})["execute_state_machine"] = True
        from app import app
        from chalicelib import wiring
        from chalicelib.accounts.permissions import Menu, Principal, Role
        from chalicelib.cartera.pipeline import CarteraPipeline
        from chalicelib.config import get_settings
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
        items = load_history(args.history, args.seed)
        print(f"EPS history of the provider: {items:,} items written to the emulator in "
              f"{time.perf_counter() - started:.1f} s")
        # The emulator's tables (millions of Python objects) stay out of the collector's passes: a task's Lambda
        # process does not hold them, and each full collection here would charge their traversal to the task.
        gc.collect()
        gc.freeze()
        # Measured again beside the pipeline: the emulator's heap slows every allocation of this process alike.
        beside = floor_beside(body, args.rows)
        print(f"Floor beside the emulator's tables (median of 3): {beside.parse:.2f} + {beside.write:.2f} = "
              f"{beside.wall:.2f} s, CPU {beside.cpu:.2f} s (the reference of the target below)")

        probe.instrument(CarteraPipeline)
        principal = Principal(admin.person_id, PROVIDER, Role.ADMINISTRADOR, frozenset(Menu), "bench", False)
        registered = wiring.cartera().register(principal, "cartera-bench.xlsx")
        s3 = session.client("s3", region_name="us-east-1")
        before = peak_mb()
        started = time.perf_counter()
        with probe.stage("upload"):
            s3.put_object(Bucket=get_settings().data_bucket, Key=registered.job.source_key, Body=body)
        job = wait_for_job(registered.job.job_id, timeout=3600, poll_seconds=0.5)
        total = time.perf_counter() - started
        assert job.status == "FINALIZADO", (job.status, job.error)

    rows = job.total_rows
    print(f"\nPipeline, {rows:,} rows: upload → S3 event → Step Functions → {job.status} "
          f"({job.accepted_rows:,} reconciled, {job.rejected_rows:,} with errors; "
          f"{job.summary.as_dict()['encontradas']:,} found in the EPS)")
    print(f"  end to end (result ready)  : {total:6.1f} s  {rows / total:8,.0f} rows/s")
    own_stages = ("validate", "reconcile", "write")
    own_total = probe.report(rows, ("upload", *STAGES), own_stages)
    own_cpu = sum(map(probe.own_cpu, own_stages))
    print(f"  own work of validate + reconcile + write: {own_total:.2f} s = {own_total / beside.wall:.2f}× the "
          f"floor's {beside.wall:.2f} s; its thread's CPU: {own_cpu:.2f} s = {own_cpu / beside.cpu:.2f}× the floor's "
          f"{beside.cpu:.2f} s (one run each; the target is checked on the pairs below)")
    print("The Process task's own work in a child process, without the emulator:", flush=True)
    subprocess.run([sys.executable, "-m", "benchmarks.cartera", "--own-work-child", "--rows", str(args.rows),
                    "--pairs", str(args.pairs)],
                   check=True)
    print(f"  peak RSS (VmHWM) of the benchmark process: {peak_mb():,.0f} MB ({before:,.0f} MB before the upload): "
          "it holds moto's tables and S3 objects too")


if __name__ == "__main__":
    main()
