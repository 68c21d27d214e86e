"""Upload a file the way an operator does and wait for its Step Functions execution; or hold S3's notifications
back and deliver them as S3 may: late, twice, out of order, with sequencers of any length."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import boto3

from chalicelib.config import get_settings
from chalicelib.jobs.models import JobRecord
from devstack.lambdas import function_name
from devstack.uploads import upload, upload_and_wait


def s3():
    return boto3.client("s3", region_name=get_settings().region)


def load(key: str, body: bytes) -> JobRecord:
    return upload_and_wait(s3(), get_settings().data_bucket, key, body, timeout=60)


def put(key: str, body: bytes) -> str:
    return upload(s3(), get_settings().data_bucket, key, body)


def read(key: str) -> bytes:
    return s3().get_object(Bucket=get_settings().data_bucket, Key=key)["Body"].read()


def s3_event(bucket: str, key: str, *, version: str | None = None, sequencer: str = "0055AED6DCD90281E5",
             event_time: str = "2026-12-01T10:00:00.000Z") -> dict:
    """The notification S3 sends for `key`'s current version, or for `version` (a second delivery is identical).
    S3's sequencer is hex of no fixed length, comparable only between events of one key."""
    head = s3().head_object(Bucket=bucket, Key=key, **({"VersionId": version} if version else {}))
    return {"Records": [{"eventSource": "aws:s3", "eventName": "ObjectCreated:Put", "eventTime": event_time, "s3": {
        "bucket": {"name": bucket}, "object": {
            "key": key.replace("/", "%2F"), "size": head["ContentLength"], "eTag": head["ETag"].strip('"'),
            "versionId": head["VersionId"], "sequencer": sequencer}}}]}


@dataclass(frozen=True)
class HeldUpload:
    key: str
    version: str
    job_id: str  # the job its event creates when (first) delivered


@contextmanager
def events_held() -> Iterator[None]:
    """S3 sends no notification while held (the bucket's Lambda notifications are taken off, as an operator
    could); the test delivers them itself with `deliver`."""
    bucket, client = get_settings().data_bucket, s3()
    configuration = client.get_bucket_notification_configuration(Bucket=bucket)
    configuration.pop("ResponseMetadata", None)
    client.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={})
    try:
        yield
    finally:
        client.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration=configuration)


def put_held(key: str, body: bytes) -> HeldUpload:
    """Upload while events are held: the object is stored, its event not yet delivered."""
    answer = s3().put_object(Bucket=get_settings().data_bucket, Key=key, Body=body)
    return HeldUpload(key, answer["VersionId"], put_job_id(key, answer, len(body)))


def put_job_id(key: str, answer: dict, size: int) -> str:
    from chalicelib.ingest.pipeline import UploadedObject, job_id_for

    return job_id_for(UploadedObject(bucket=get_settings().data_bucket, key=key, version=answer["VersionId"],
                                     etag=answer.get("ETag"), size=size))


def deliver(upload: HeldUpload, sequencer: str, event_time: str = "2026-12-01T10:00:00.000Z") -> list[str]:
    """S3 delivering the upload's event now (to the trigger Lambda, as S3 does); returns the jobs it started."""
    event = s3_event(get_settings().data_bucket, upload.key, version=upload.version, sequencer=sequencer,
                     event_time=event_time)
    answer = boto3.client("lambda", region_name=get_settings().region).invoke(
        FunctionName=function_name("test", "ingest_trigger"), Payload=json.dumps(event))
    payload = json.loads(answer["Payload"].read())
    assert "FunctionError" not in answer, payload
    return payload["jobs"]


def executions_of(job_id: str) -> int:
    """Step Functions executions started for a job (its first attempt is named ingest-<job id>)."""
    sfn = boto3.client("stepfunctions", region_name=get_settings().region)
    machine = next(m["stateMachineArn"] for m in sfn.list_state_machines()["stateMachines"]
                   if m["name"].endswith("-ingest"))
    return sum(e["name"].startswith(f"ingest-{job_id}") for e in sfn.list_executions(
        stateMachineArn=machine)["executions"])
