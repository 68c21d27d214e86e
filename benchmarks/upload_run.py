"""One provider upload through the whole local pipeline, shared by the cartera and glosa benchmarks: the emulated
stack, the upload and its wait, and the report of the pipeline's own work apart from the emulator's."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import boto3
from moto import mock_aws
from moto.core.config import default_user_config

from benchmarks.measure import peak_mb
from benchmarks.probe import StageProbe

PROVIDER = "NI#900123456"


def machine_line() -> str:
    return f"cores: {os.cpu_count()}, load average {'/'.join(f'{v:.1f}' for v in os.getloadavg())}"


@contextmanager
def local_stack() -> Iterator[tuple[boto3.Session, object]]:
    """moto with Step Functions executing the real definitions, the test stage provisioned with its functions,
    and one provider (PROVIDER) whose administrator is yielded with the session."""
    with mock_aws(config={"stepfunctions": {"execute_state_machine": True}}):
        default_user_config.setdefault("stepfunctions", {})["execute_state_machine"] = True
        from app import app
        from chalicelib import wiring
        from devstack.lambdas import create_functions
        from devstack.provision import provision
        from tests import factories

        session = boto3.Session()
        wiring.bind()
        provision(session, "test", functions=create_functions(session, app, "test", region="us-east-1"))
        admin = factories.person("1000000001")
        factories.membership(admin, factories.provider())
        yield session, admin


def keep_history_out_of_the_collector() -> None:
    """The emulator's tables (millions of Python objects) stay out of the collector's passes: a task's Lambda
    process does not hold them, and each full collection here would charge their traversal to the task."""
    gc.collect()
    gc.freeze()


@dataclass(frozen=True, slots=True)
class Run:
    job: object  # the job's record when the run ended
    seconds: float
    peak_before_mb: float


def upload_and_wait(session, probe: StageProbe, register: Callable[[object], object], admin, filename: str,
                    body: bytes, *, until_execution_ends: bool = False) -> Run:
    """Register the request as the provider's administrator, upload the file and wait for the job to finish."""
    from chalicelib.accounts.permissions import Menu, Principal, Role
    from chalicelib.config import get_settings
    from devstack.uploads import wait_for_job

    principal = Principal(admin.person_id, PROVIDER, Role.ADMINISTRADOR, frozenset(Menu), "bench", False)
    registered = register(principal, filename)
    before = peak_mb()
    started = time.perf_counter()
    with probe.stage("upload"):
        session.client("s3", region_name="us-east-1").put_object(
            Bucket=get_settings().data_bucket, Key=registered.job.source_key, Body=body)
    job = wait_for_job(registered.job.job_id, timeout=3600, poll_seconds=0.5)
    if until_execution_ends:  # the last task (an email) runs after the job is shown finished
        sfn = session.client("stepfunctions", region_name="us-east-1")
        while sfn.describe_execution(executionArn=job.execution_arn)["status"] == "RUNNING":
            time.sleep(0.05)
    seconds = time.perf_counter() - started
    assert job.status == "FINALIZADO", (job.status, job.error)
    return Run(job, seconds, before)


def report_own_work(probe: StageProbe, rows: int, run: Run, stages: Sequence[str], own_stages: Sequence[str]) -> None:
    probe.report(rows, ("upload", *stages))
    print(f"  own work of {' + '.join(own_stages)} (one run, the stage threads' CPU without the emulator's): "
          f"{sum(map(probe.own_cpu, own_stages)):.2f} s, of which botocore "
          f"{sum(map(probe.split.botocore, own_stages)):.2f} s; the emulator "
          f"{sum(probe.split.emulator[s] for s in own_stages):.2f} s CPU")
    print(f"  peak RSS (VmHWM) of the benchmark process: {peak_mb():,.0f} MB ({run.peak_before_mb:,.0f} MB before the "
          "upload): it holds moto's tables and S3 objects too")
