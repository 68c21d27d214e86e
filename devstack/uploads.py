"""Drop a file into the data bucket as an operator does, and wait for its job to end."""

from __future__ import annotations

import time

from pynamodb.exceptions import DoesNotExist

from chalicelib.ingest.pipeline import Status, UploadedObject, job_id_for
from chalicelib.jobs.models import JobRecord


def upload(s3, bucket: str, key: str, body: bytes) -> str:
    """Put the object; returns the id of the job its S3 event creates."""
    answer = s3.put_object(Bucket=bucket, Key=key, Body=body)
    return job_id_for(UploadedObject(bucket=bucket, key=key, version=answer.get("VersionId"),
                                     etag=answer.get("ETag"), size=len(body)))


def wait_for_job(job_id: str, timeout: float = 120, poll_seconds: float = 0.05) -> JobRecord:
    """The job once it ended. Each poll is a GetItem answered by the in-process emulator: a benchmark polls
    seldom, so as not to take turns from the pipeline it measures."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            job = JobRecord.get(job_id)
            if job.status in Status.TERMINAL:
                return job
        except DoesNotExist:
            pass
        time.sleep(poll_seconds)
    raise TimeoutError(f"job {job_id} did not finish in {timeout} s")


def upload_and_wait(s3, bucket: str, key: str, body: bytes, timeout: float = 120) -> JobRecord:
    return wait_for_job(upload(s3, bucket, key, body), timeout)
