"""Benchmark: a 50,000-row cartera file through the whole local pipeline (upload → result ready).

    make bench-cartera
    python -m benchmarks.cartera --rows 50000 --history 60000

The provider's EPS history (invoices, totals, glosas, payments) is written straight to the emulator's
tables, then its cartera view is stored as ingestion's derive step stores it (chalicelib/eps/cartera_view.py);
90 % of the file's invoices exist there. `--no-view` leaves the view out: the reads fall back to the tables.
Reports, per stage: wall time, rows/s, AWS requests by operation (what a deployment pays), CPU split into the
emulator's (apart), botocore's and the rest of the own work; then, in a child process without the emulator, the
Process task's own work (its EPS reads replayed through botocore) against the floor in alternating pairs, and peak
memory (benchmarks/measure.py: the method).
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
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

from devstack.environment import stage_environment

os.environ.update(stage_environment("test"))

import boto3  # noqa: E402
import botocore.client  # noqa: E402
import xlsxwriter  # noqa: E402

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

STAGES = ("on_upload", "receipt", "validate", "reconcile", "write", "notify")  # validate..write: one task
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
        pay = payments[n % len(payments)]
        if pagado or glosado:  # as ingestion's derive keeps them (chalicelib/ingest/derive.py), written directly
            answered = glosado and n % 2
            items[InvoiceTotals].append(InvoiceTotals(
                PROVIDER, key, valor_pagado=pagado, valor_glosado=glosado,
                ultimo_pago=pay.payment_number if pagado else None,
                fecha_ultimo_pago=pay.fecha_pago if pagado else None,
                aceptados={f"C1#{key}#1": glosado // 4} if answered else None,
                glosas_pendientes={f"C1#{key}#1"} if glosado and not answered else None))
        if pagado:
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


@contextmanager
def counted_requests() -> Iterator[Counter]:
    """AWS requests made inside the block, by "service:Operation"."""
    calls: Counter = Counter()
    original = botocore.client.BaseClient._make_api_call

    def counting(client, operation, params):
        calls[f"{client.meta.service_model.service_name}:{operation}"] += 1
        return original(client, operation, params)

    botocore.client.BaseClient._make_api_call = counting
    try:
        yield calls
    finally:
        botocore.client.BaseClient._make_api_call = original


def requests_line(calls: Counter) -> str:
    return f"requests {sum(calls.values())}: " + ", ".join(f"{name} {n}" for name, n in calls.most_common())


def view_marks_cost(rows: int = 5_000) -> None:
    """What an invoices load of another provider pays for the view's marks (one chunk of `rows`), and that provider's
    view build afterwards: the per-row figures of docs/capacity.md."""
    from chalicelib import wiring
    from chalicelib.eps.repository import InvoiceRepository

    other = "800000001"
    chunk = [{"provider_id": other, "prefijo": "FE", "sufijo": str(n), "numero_factura": f"FE{n}", "sucursal": None,
              "fecha_factura": "2024-01-15", "numero_radicado": f"R{n}", "fecha_radicacion": "2024-01-20",
              "estado": "radicada", "valor_factura": 100_000 + n} for n in range(1, rows + 1)]
    with counted_requests() as load:
        InvoiceRepository().put_batch(chunk)
    with counted_requests() as build:
        wiring.cartera_views().refresh(other)
    print(f"  marks and view of another provider's {rows:,}-invoice chunk: the load's {requests_line(load)}; "
          f"its view's {requests_line(build)}")


def own_work_child(rows: int, seed: int, pairs: int, replay: str | None) -> None:
    """The Process task's own work, as CarteraProcessor.process does it (validate, read the EPS's view, reconcile,
    write the result), without the emulator, in alternating pairs with the floor (benchmarks/measure.py). With
    `replay`, the EPS view is read through botocore from the emulator's recorded answers (its serialisation and
    parsing are own work); without it, from an EPS view built in memory (every invoice found)."""

    from chalicelib import wiring
    from chalicelib.cartera.eps_reads import EpsInvoice, EpsReads
    from chalicelib.cartera.reconcile import reconcile_file
    from chalicelib.cartera.result_file import CONCILIATION_COLUMNS, ERROR_COLUMNS, SUMMARY_COLUMNS, write_result
    from chalicelib.cartera.validation import validate_file
    from chalicelib.common.bulk import collector_paused
    from chalicelib.config import get_settings
    from chalicelib.eps.cartera_view import CarteraViews
    from chalicelib.eps.repository import CarteraViewStore, InvoiceRepository
    from chalicelib.eps.states import invoice_key

    body = cartera_file(rows, seed)
    if replay:
        wiring.bind()  # the stage's table names, as in the recorded requests
        client, s3 = boto3.client("dynamodb", region_name="us-east-1"), boto3.client("s3", region_name="us-east-1")
        answers = Replay(replay)
        answers.attach(client)
        answers.attach(s3)

        def eps_view(keys: list[str]) -> dict:  # as wiring.eps_reads() composes them
            invoices = InvoiceRepository(client)
            views = CarteraViews(invoices, CarteraViewStore(s3, get_settings().data_bucket))
            return EpsReads(invoices, views).invoices(PROVIDER, keys)
    else:
        built = {f"FE#{n}": EpsInvoice(f"R{n}", "2024-01-20", "pagada_parcial", 1_000_000, valor_pagado=500_000,
                                       ultimo_pago="7001", fecha_ultimo_pago="2024-02-10") for n in range(1, rows + 1)}

        def eps_view(keys: list[str]) -> dict:
            return built
    work = tempfile.mkdtemp(prefix="bench-cartera-")
    source, result, floor_out = (os.path.join(work, name) for name in ("cartera.xlsx", "own.xlsx", "floor.xlsx"))
    with open(source, "wb") as out:
        out.write(body)
    baseline = peak_mb()

    def own_work() -> None:
        with collector_paused():  # as CarteraProcessor.process
            checked = validate_file(source, "cartera-bench.xlsx")
            keys = [invoice_key(row["prefijo"], row["sufijo"]) for _, row in checked.valid]
            lines, summary = reconcile_file(checked.valid, eps_view(keys), rejected=len(checked.rejected), keys=keys)
            write_result(result, lines, checked.rejected, summary.as_dict(), "cartera-bench.xlsx")

    first = timed_cpu(own_work)
    print(f"  first run of the own work: {first:.2f} s CPU; peak RSS {peak_mb():,.0f} MB ({baseline:,.0f} MB with "
          f"the file generated, before the work); EPS view {'replayed through botocore' if replay else 'in memory'}")
    with open(result, "rb") as produced:
        sheets = floor_sheets(produced.read(), {"Resumen": SUMMARY_COLUMNS, "Conciliación": CONCILIATION_COLUMNS,
                                                "Errores": ERROR_COLUMNS})
    print(f"  floor: calamine reads the {len(body) / 1e6:.1f} MB file, rust_xlsxwriter writes "
          + ", ".join(f"{s.name} {len(s.rows):,} × {len(s.titles)}" for s in sheets))
    measured = alternating_pairs(own_work, lambda: floor_work(body, sheets, floor_out), pairs)
    print(measured.report(rows))
    print(f"  peak RSS (VmHWM) of the child: {peak_mb():,.0f} MB")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--history", type=int, default=60_000, help="invoices of the provider in the EPS")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--pairs", type=int, default=9, help="floor / own work pairs measured without the emulator")
    parser.add_argument("--own-work-child", action="store_true",
                        help="only the pairs, the EPS view in memory (or --replay)")
    parser.add_argument("--no-view", action="store_true", help="no stored cartera view: the tables are read")
    parser.add_argument("--replay", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.own_work_child:
        return own_work_child(args.rows, args.seed, args.pairs, args.replay)

    started = time.perf_counter()
    body = cartera_file(args.rows, args.seed)
    print(f"Generated a {args.rows:,}-row cartera XLSX ({len(body) / 1e6:.1f} MB) in "
          f"{time.perf_counter() - started:.1f} s; {machine_line()}")
    replay = os.path.join(tempfile.mkdtemp(prefix="bench-cartera-"), "reconcile-answers.pickle")

    with local_stack() as (session, admin):
        from chalicelib import wiring
        from chalicelib.cartera.pipeline import CarteraProcessor
        from chalicelib.uploads.pipeline import UploadPipeline

        started = time.perf_counter()
        items = load_history(args.history, args.seed)
        print(f"EPS history of the provider: {items:,} items written to the emulator in "
              f"{time.perf_counter() - started:.1f} s")
        if not args.no_view:  # what derive does after a load of the provider's invoices, payments or glosas
            started = time.perf_counter()
            with counted_requests() as calls:
                generation = wiring.cartera_views().refresh(PROVIDER)
            print(f"  its cartera view stored as derive stores it (generation {generation}): "
                  f"{time.perf_counter() - started:.1f} s wall on the emulator; {requests_line(calls)}")
            view_marks_cost()
        keep_history_out_of_the_collector()
        probe.instrument(UploadPipeline, CarteraProcessor)
        probe.split.record_labels.add("reconcile")  # the EPS reads' answers, replayed in the child below
        run = upload_and_wait(session, probe, wiring.cartera().register, admin, "cartera-bench.xlsx", body)
        probe.split.save("reconcile", replay)

    job, rows = run.job, run.job.total_rows
    print(f"\nPipeline, {rows:,} rows: upload → S3 event → Step Functions → {job.status} "
          f"({job.accepted_rows:,} reconciled, {job.rejected_rows:,} with errors; "
          f"{job.summary.as_dict()['encontradas']:,} found in the EPS)")
    print(f"  end to end (result ready)  : {run.seconds:6.1f} s  {rows / run.seconds:8,.0f} rows/s")
    report_own_work(probe, rows, run, STAGES, ("validate", "reconcile", "write"))
    print("The Process task's own work against the floor, in a child process without the emulator (the EPS reads "
          "replayed through botocore):", flush=True)
    subprocess.run([sys.executable, "-m", "benchmarks.cartera", "--own-work-child", "--rows", str(args.rows),
                    "--seed", str(args.seed), "--pairs", str(args.pairs), "--replay", replay], check=True)


if __name__ == "__main__":
    main()
