"""Upload a file the way an operator does and wait for its Step Functions execution."""

from __future__ import annotations

import time

import boto3

from chalicelib.config import get_settings
from chalicelib.jobs.models import JobRecord


def s3():
    return boto3.client("s3", region_name=get_settings().region)


def upload(key: str, body: bytes) -> dict:
    return s3().put_object(Bucket=get_settings().data_bucket, Key=key, Body=body)


def jobs_for(key: str) -> list[JobRecord]:
    return [j for j in JobRecord.scan() if j.source_key == key]


def wait_for_job(key: str, timeout: float = 60) -> JobRecord:
    """The job of `key` once its execution has stopped (moto runs executions in a thread)."""
    sfn = boto3.client("stepfunctions", region_name=get_settings().region)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = jobs_for(key)
        if found and (found[0].execution_arn is None and found[0].status == "FALLIDO"):
            return found[0]
        if found and found[0].execution_arn:
            status = sfn.describe_execution(executionArn=found[0].execution_arn)["status"]
            if status != "RUNNING":
                return JobRecord.get(found[0].job_id)
        time.sleep(0.1)
    raise AssertionError(f"no finished job for {key}")
