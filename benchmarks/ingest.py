"""Benchmark: generate and ingest ≥ 200,000 invoice rows through the real pipeline on the embedded AWS.

    make bench                                   # 200,000 invoices (50 providers × 4,000)
    python -m benchmarks.ingest --providers 10 --invoices-per-provider 2000

Reports: parse + validate rows/s (no AWS); peak memory of validating 300,000 rows that are all
rejected (a child process, so the figure is its own); write throughput of the first load and of a
re-load of 50,000 invoices next to a bare BatchWriteItem loop of the same items in the same run; and,
per pipeline stage: wall time, rows/s, AWS requests (what a deployment pays for), peak memory. Time
inside the emulator is reported apart from the project's own work: moto writes ~2-4k items/s where
DynamoDB takes a 25-item batch in milliseconds.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from devstack.environment import stage_environment

os.environ.update(stage_environment("test"))

import boto3  # noqa: E402
import botocore.client  # noqa: E402
from moto import mock_aws  # noqa: E402
from moto.core.config import default_user_config  # noqa: E402

STAGES = ("validate", "acquire_slot", "write", "derive", "finish")
_stage = threading.local()
requests: Counter = Counter()
seconds: Counter = Counter()  # task time summed over tasks (Map runs up to 4 at once)
spans: dict[str, list[float]] = {}  # first start, last end: the stage's wall time


def _count_requests() -> None:
    original = botocore.client.BaseClient._make_api_call

    def counted(self, operation, params):
        requests[(getattr(_stage, "name", "other"), f"{self.meta.service_model.service_name}:{operation}")] += 1
        return original(self, operation, params)

    botocore.client.BaseClient._make_api_call = counted


def _time_stages(pipeline_cls) -> None:
    for name in STAGES:
        method = getattr(pipeline_cls, name)

        def timed(self, *args, _method=method, _name=name, **kwargs):
            _stage.name = _name
            started = time.perf_counter()
            try:
                return _method(self, *args, **kwargs)
            finally:
                ended = time.perf_counter()
                seconds[_name] += ended - started
                span = spans.setdefault(_name, [started, ended])
                span[0], span[1] = min(span[0], started), max(span[1], ended)
                _stage.name = "other"

        setattr(pipeline_cls, name, timed)


def peak_mb() -> float:
    """This process's peak RSS (VmHWM: unlike ru_maxrss, not carried over from a forking parent)."""
    status = Path("/proc/self/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) / 1024


def validation_only(path: Path, rows: int) -> None:
    """The project's own parse + validate work, no AWS at all (providers treated as known)."""
    from chalicelib.ingest import service
    from chalicelib.spreadsheets import read_rows

    started, cpu_started = time.perf_counter(), time.process_time()
    result = service.validate("invoices", read_rows(path, path.name, service.columns_of("invoices")),
                              lambda ids: set(ids), sink=lambda chunk: None, chunk_size=5000)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    print(f"  parse+validate only (no AWS) : {elapsed:7.1f} s  {rows / elapsed:9,.0f} rows/s  "
          f"(CPU {cpu:.1f} s: {rows / cpu:,.0f} rows per CPU second, what other processes cannot slow down)  "
          f"accepted {result.accepted_rows:,}  peak RSS {peak_mb():,.0f} MB  load average {os.getloadavg()[0]:.1f}")


REJECTED_ROWS = 300_000


def rejected_rows_child(path: Path) -> None:
    """Run in a child: validate a file whose rows are all rejected, streaming the report to disk."""
    from chalicelib.ingest import service
    from chalicelib.ingest.pipeline import INGEST_LIMITS
    from chalicelib.spreadsheets import read_rows

    before = peak_mb()
    started = time.perf_counter()
    columns = service.columns_of("invoices")
    report_path = path.with_suffix(".rechazados.csv")
    with service.RejectedRowsReport(open(report_path, "w", encoding="utf-8", newline=""),
                                    [c.name for c in columns]) as report:
        result = service.validate("invoices", read_rows(path, path.name, columns, INGEST_LIMITS),
                                  lambda ids: set(ids), sink=lambda chunk: None, chunk_size=5000, reject=report.add)
    elapsed = time.perf_counter() - started
    print(f"  {result.rejected_rows:,} rejected rows (report {report_path.stat().st_size / 1e6:.0f} MB) in "
          f"{elapsed:.1f} s; peak RSS {peak_mb():,.0f} MB ({peak_mb() - before:+,.0f} MB over the imports; "
          "target under 200 MB)")


def rejected_rows(folder: Path) -> None:
    path = folder / "rechazos.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("NIT;Prefijo;Sufijo;Número factura;Fecha factura;Valor factura;Estado\n")
        for n in range(REJECTED_ROWS):
            out.write(f"900123456-8;FE;{n};FE{n};2024-01-15;mil pesos;radicada\n")
    subprocess.run([sys.executable, "-m", "benchmarks.ingest", "--rejected-rows-child", str(path)], check=True)


class RecordingClient:
    """A DynamoDB client that keeps the items of every BatchWriteItem it forwards: the floor's same items."""

    def __init__(self, dynamodb):
        self._dynamodb, self.items = dynamodb, []

    def batch_write_item(self, RequestItems):  # noqa: N803 (botocore's parameter name)
        for requests_of_table in RequestItems.values():
            self.items.extend(request["PutRequest"]["Item"] for request in requests_of_table)
        return self._dynamodb.batch_write_item(RequestItems=RequestItems)


def recreated(dynamodb, table: str) -> None:
    """The table again, empty, with its definition: a first load writes into nothing each time."""
    described = dynamodb.describe_table(TableName=table)["Table"]
    definition = {"TableName": table, "KeySchema": described["KeySchema"], "BillingMode": "PAY_PER_REQUEST",
                  "AttributeDefinitions": described["AttributeDefinitions"]}
    if described.get("GlobalSecondaryIndexes"):
        definition["GlobalSecondaryIndexes"] = [
            {k: index[k] for k in ("IndexName", "KeySchema", "Projection")}
            for index in described["GlobalSecondaryIndexes"]]
    dynamodb.delete_table(TableName=table)
    dynamodb.create_table(**definition)


def write_throughput(folder: Path, rows: int, pairs: int) -> None:
    """Ingestion's own write (service.write) against a bare BatchWriteItem loop of the same items, same client,
    same table, in CPU time: `pairs` alternating pairs (floor, then own), first load and re-load."""
    from benchmarks.cpu import CpuMeter, alternating_pairs, median_ratio
    from chalicelib.common.aws import client
    from chalicelib.eps.models import Invoice
    from chalicelib.eps.repository import InvoiceRepository
    from chalicelib.ingest import service
    from chalicelib.spreadsheets import read_rows

    records: list = []
    path = folder / "invoices.csv"
    service.validate("invoices", read_rows(path, path.name, service.columns_of("invoices")), lambda ids: set(ids),
                     sink=records.extend, chunk_size=5000)
    records = records[:rows]
    dynamodb, table = client("dynamodb"), Invoice.Meta.table_name
    recorder = RecordingClient(dynamodb)
    InvoiceRepository(recorder).put_batch(records)
    items = recorder.items
    meter = CpuMeter()

    def floor() -> None:
        for start in range(0, len(items), 25):
            batch = [{"PutRequest": {"Item": item}} for item in items[start:start + 25]]
            while batch:
                answer = dynamodb.batch_write_item(RequestItems={table: batch})
                batch = answer.get("UnprocessedItems", {}).get(table, [])

    def own() -> None:
        service.write("invoices", records)

    print(f"\nWrite, {len(items):,} invoices on the emulator: ingestion's own write (service.write) against a bare "
          f"BatchWriteItem loop of the same items, same client and table, CPU of this thread, {pairs} alternating "
          "pairs (floor, own). Own CPU = thread CPU minus moto's server-side work; botocore's serialisation and "
          "parsing stay in it (shown apart).")
    def frozen_heap() -> None:
        """The emulator's stored items out of the cyclic collector: a collection walking moto's heap inside one run
        (seconds, once the tables hold 100,000 items) is the emulator's cost, not the run's."""
        gc.collect()
        gc.freeze()

    for label, before_each in (("first load", lambda: (recreated(dynamodb, table), frozen_heap())),
                               ("re-load", frozen_heap)):
        def report(n: int, f, o, label=label) -> None:
            print(f"  {label} pair {n}: floor own CPU {f.own:5.2f} s (botocore {f.botocore:5.2f}, emulator "
                  f"{f.emulator:5.2f}, {f.requests:,} requests) | own {o.own:5.2f} s (botocore {o.botocore:5.2f}, "
                  f"emulator {o.emulator:5.2f}, {o.requests:,} requests) → {o.own / f.own:.2f}x the floor's CPU",
                  flush=True)

        measured = alternating_pairs(meter, floor, own, pairs, before_each, report)
        median, low, high = median_ratio(measured)
        floor_cpu = statistics.median(f.own for f, _ in measured)
        own_cpu = statistics.median(o.own for _, o in measured)
        own_wall = statistics.median(o.wall for _, o in measured)
        print(f"  {label}: floor {len(items) / floor_cpu:,.0f} items per CPU second ({floor_cpu:.2f} s), own "
              f"{len(items) / own_cpu:,.0f} ({own_cpu:.2f} s); own throughput = **{1 / median:.2f}x** the floor's "
              f"(median of {pairs} pairs; {1 / high:.2f}-{1 / low:.2f}x; goal ≥ 0.9x); own wall with the emulator "
              f"{own_wall:.1f} s = {len(items) / own_wall:,.0f} rows/s; peak RSS {peak_mb():,.0f} MB", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--providers", type=int, default=50)
    parser.add_argument("--invoices-per-provider", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--write-rows", type=int, default=50_000, help="invoices in the write floor comparison")
    parser.add_argument("--pairs", type=int, default=5, help="alternating pairs (floor, own) per comparison")
    parser.add_argument("--write-only", action="store_true", help="only the write comparison, no pipeline run")
    parser.add_argument("--rejected-rows-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.rejected_rows_child:
        return rejected_rows_child(args.rejected_rows_child)

    from devstack.demodata import generate

    folder = Path(tempfile.mkdtemp(prefix="bench-"))
    started = time.perf_counter()
    counts = generate(folder, providers=args.providers, invoices_per_provider=args.invoices_per_provider,
                      seed=args.seed)
    invoices = counts["invoices"]
    size_mb = (folder / "invoices.csv").stat().st_size / 1e6
    print(f"Generated {sum(counts.values()):,} rows ({invoices:,} invoices, {size_mb:.1f} MB CSV) "
          f"in {time.perf_counter() - started:.1f} s; cores: {os.cpu_count()}")

    if not args.write_only:
        validation_only(folder / "invoices.csv", invoices)
        print(f"\nValidating {REJECTED_ROWS:,} rows that are all rejected (child process):")
        rejected_rows(folder)

    with mock_aws(config={"stepfunctions": {"execute_state_machine": True}}):
        default_user_config.setdefault("stepfunctions", {})["execute_state_machine"] = True
        from app import app
        from chalicelib import wiring
        from chalicelib.config import get_settings
        from chalicelib.ingest.pipeline import IngestPipeline
        from devstack.lambdas import create_functions
        from devstack.provision import provision
        from devstack.uploads import upload_and_wait

        session = boto3.Session()
        wiring.bind()
        provision(session, "test", functions=create_functions(session, app, "test", region="us-east-1"))
        s3 = session.client("s3", region_name="us-east-1")
        bucket = get_settings().data_bucket
        write_throughput(folder, args.write_rows, args.pairs)
        if args.write_only:
            return
        providers_job = upload_and_wait(s3, bucket, "ingest/providers/bench.csv",
                                        (folder / "providers.csv").read_bytes(), timeout=600)
        assert providers_job.status == "FINALIZADO", providers_job.error
        _count_requests()
        _time_stages(IngestPipeline)
        started = time.perf_counter()
        job = upload_and_wait(s3, bucket, "ingest/invoices/bench.csv", (folder / "invoices.csv").read_bytes(),
                              timeout=3600)
        total = time.perf_counter() - started
        assert job.status == "FINALIZADO", (job.status, job.error)

    print(f"\nPipeline, {job.total_rows:,} invoice rows: upload → S3 event → Step Functions → {job.status}")
    print(f"  end to end                    : {total:7.1f} s  {job.total_rows / total:9,.0f} rows/s")
    for name in STAGES:
        calls = {op: n for (stage, op), n in requests.items() if stage == name}
        listed = ", ".join(f"{op} {n:,}" for op, n in sorted(calls.items(), key=lambda kv: -kv[1])[:4])
        wall = spans[name][1] - spans[name][0]
        print(f"  {name:<12} {wall:7.1f} s wall ({seconds[name]:6.1f} s in tasks)  "
              f"{job.total_rows / max(wall, 1e-3):9,.0f} rows/s  requests: {sum(calls.values()):,} ({listed})")
    print(f"  written items {job.written_items:,}; peak RSS of the process {peak_mb():,.0f} MB "
          "(includes moto's in-memory tables)")
    print("Floor (ARCHITECTURE.md): ~3 s to parse/write 50,000 rows; moto writes ~3,800 items/s.")


if __name__ == "__main__":
    main()
