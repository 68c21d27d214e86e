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
import os
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


def write_throughput(folder: Path, rows: int = 50_000) -> None:
    """First load and re-load of the same invoices through service.write, next to a bare BatchWriteItem loop."""
    import boto3

    from chalicelib.eps.models import Invoice
    from chalicelib.ingest import service
    from chalicelib.spreadsheets import read_rows

    records: list = []
    path = folder / "invoices.csv"
    service.validate("invoices", read_rows(path, path.name, service.columns_of("invoices")), lambda ids: set(ids),
                     sink=records.extend, chunk_size=5000)
    records = records[:rows]
    items = [item.serialize() for record in records for item in service.get_schema("invoices").to_items(record)]
    dynamodb = boto3.client("dynamodb", region_name="us-east-1")
    bare_table = Invoice.Meta.table_name + "-bare"
    dynamodb.create_table(TableName=bare_table, BillingMode="PAY_PER_REQUEST", KeySchema=[
        {"AttributeName": "provider_id", "KeyType": "HASH"}, {"AttributeName": "invoice_key", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "provider_id", "AttributeType": "S"},
                              {"AttributeName": "invoice_key", "AttributeType": "S"}])

    def bare_loop() -> None:
        for start in range(0, len(items), 25):
            batch = [{"PutRequest": {"Item": item}} for item in items[start:start + 25]]
            while batch:
                answer = dynamodb.batch_write_item(RequestItems={bare_table: batch})
                batch = answer.get("UnprocessedItems", {}).get(bare_table, [])

    figures = {}
    for label, run in (("bare BatchWriteItem loop", bare_loop),
                       ("first load (service.write)", lambda: service.write("invoices", records)),
                       ("bare loop again, same items", bare_loop),
                       ("re-load, same rows", lambda: service.write("invoices", records))):
        before = sum(requests.values())
        _stage.name = label
        started = time.perf_counter()
        run()
        elapsed = time.perf_counter() - started
        _stage.name = "other"
        figures[label] = (elapsed, sum(requests.values()) - before)
    print(f"\nWrite throughput, {len(items):,} invoices on the emulator (same run; overwriting costs moto more "
          "than inserting, so each load is set against the bare loop doing the same):")
    against = {"first load (service.write)": "bare BatchWriteItem loop",
               "re-load, same rows": "bare loop again, same items"}
    for label in ("bare BatchWriteItem loop", "first load (service.write)", "bare loop again, same items",
                  "re-load, same rows"):
        bare_label = against.get(label)
        elapsed, calls = figures[label]
        versus = ""
        if bare_label:
            bare_seconds, bare_requests = figures[bare_label]
            versus = (f"  ({bare_seconds / elapsed:.2f}x the bare loop's throughput, "
                      f"{calls / bare_requests:.2f}x its requests)")
        print(f"  {label:<28}: {elapsed:6.1f} s  {len(items) / elapsed:7,.0f} items/s  {calls:,} requests{versus}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--providers", type=int, default=50)
    parser.add_argument("--invoices-per-provider", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=11)
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
        providers_job = upload_and_wait(s3, bucket, "ingest/providers/bench.csv",
                                        (folder / "providers.csv").read_bytes(), timeout=600)
        assert providers_job.status == "FINALIZADO", providers_job.error

        _count_requests()
        write_throughput(folder)
        requests.clear()
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
