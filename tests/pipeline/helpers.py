"""Upload a file the way an operator does and wait for its Step Functions execution."""

from __future__ import annotations

import boto3

from chalicelib.config import get_settings
from chalicelib.jobs.models import JobRecord
from devstack.uploads import upload, upload_and_wait


def s3():
    return boto3.client("s3", region_name=get_settings().region)


def load(key: str, body: bytes) -> JobRecord:
    return upload_and_wait(s3(), get_settings().data_bucket, key, body, timeout=60)


def put(key: str, body: bytes) -> str:
    return upload(s3(), get_settings().data_bucket, key, body)


def read(key: str) -> bytes:
    return s3().get_object(Bucket=get_settings().data_bucket, Key=key)["Body"].read()


def s3_event(bucket: str, key: str) -> dict:
    """The notification S3 sends for the current version of `key` (a second delivery is identical)."""
    head = s3().head_object(Bucket=bucket, Key=key)
    return {"Records": [{"eventSource": "aws:s3", "eventName": "ObjectCreated:Put",
                         "eventTime": "2026-12-01T10:00:00.000Z", "s3": {
                             "bucket": {"name": bucket}, "object": {
                                 "key": key.replace("/", "%2F"), "size": head["ContentLength"],
                                 "eTag": head["ETag"].strip('"'), "versionId": head["VersionId"],
                                 "sequencer": "0055AED6DCD90281E5"}}}]}
