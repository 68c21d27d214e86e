"""Benchmark: generate and ingest ≥ 200,000 invoice rows through the real pipeline on the embedded AWS.

    make bench                                   # 200,000 invoices (50 providers × 4,000)
    python -m benchmarks.ingest --providers 10 --invoices-per-provider 2000

Reports, per stage: wall time, rows/s, AWS requests (what a deployment pays for), and the process's
peak memory. Time inside the emulator is reported apart from the project's own work: moto writes
~2-4k items/s where DynamoDB takes a 25-item batch in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import resource
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

STAGES = ("validate", "write", "derive", "finish")
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
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def validation_only(path: Path, rows: int) -> None:
    """The project's own parse + validate work, no AWS at all (providers treated as known)."""
    from chalicelib.ingest import service
    from chalicelib.spreadsheets import read_rows

    started = time.perf_counter()
    result = service.validate("invoices", read_rows(path, path.name, service.columns_of("invoices")),
                              lambda ids: set(ids), sink=lambda chunk: None, chunk_size=5000)
    elapsed = time.perf_counter() - started
    print(f"  parse+validate only (no AWS) : {elapsed:7.1f} s  {rows / elapsed:9,.0f} rows/s  "
          f"accepted {result.accepted_rows:,}  peak RSS {peak_mb():,.0f} MB")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--providers", type=int, default=50)
    parser.add_argument("--invoices-per-provider", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)

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

        _time_stages(IngestPipeline)
        _count_requests()
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
        print(f"  {name:<8} {wall:7.1f} s wall ({seconds[name]:6.1f} s in tasks)  "
              f"{job.total_rows / max(wall, 1e-3):9,.0f} rows/s  requests: {sum(calls.values()):,} ({listed})")
    print(f"  written items {job.written_items:,}; peak RSS of the process {peak_mb():,.0f} MB "
          "(includes moto's in-memory tables)")
    print("Floor (ARCHITECTURE.md): ~3 s to parse/write 50,000 rows; moto writes ~3,800 items/s.")


if __name__ == "__main__":
    main()
