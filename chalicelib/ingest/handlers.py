"""Lambda entry points of the ingestion pipeline (app.py wires them; each is one call)."""

from __future__ import annotations

from urllib.parse import unquote_plus

from aws_lambda_powertools.utilities.data_classes import S3Event

from chalicelib import wiring
from chalicelib.common.observability import logger, tracer
from chalicelib.ingest.pipeline import PREFIX, UploadedObject


@tracer.capture_method
def on_s3_event(event: dict) -> dict:
    started = []
    for record in S3Event(event).records:
        key = unquote_plus(record.s3.get_object.key)  # S3 event keys arrive URL-encoded
        if not key.startswith(PREFIX):
            continue
        stored = record.s3.get_object
        obj = UploadedObject(bucket=record.s3.bucket.name, key=key, version=stored.get("versionId"),
                             etag=stored.get("eTag"), size=stored.get("size") or 0, sequencer=stored.get("sequencer"),
                             event_time=record.get("eventTime") or "")
        job_id = wiring.ingest_pipeline().on_upload(obj)
        logger.info("ingest upload", extra={"job_id": job_id, "duplicate": job_id is None})
        if job_id:
            started.append(job_id)
    return {"jobs": started}


@tracer.capture_method
def validate(event: dict) -> dict:
    return wiring.ingest_pipeline().validate(event["job_id"])


@tracer.capture_method
def acquire_slot(event: dict) -> dict:
    return wiring.ingest_pipeline().acquire_slot(event["job_id"])


@tracer.capture_method
def write(event: dict) -> dict:
    return wiring.ingest_pipeline().write(event["job_id"], event["chunk_key"])


@tracer.capture_method
def derive(event: dict) -> dict:
    return wiring.ingest_pipeline().derive(event["job_id"])


@tracer.capture_method
def finish(event: dict) -> dict:
    return wiring.ingest_pipeline().finish(event["job_id"])


@tracer.capture_method
def fail(event: dict) -> dict:
    return wiring.ingest_pipeline().fail(event["job_id"], event.get("error"))


@tracer.capture_method
def execution_stopped(event: dict) -> dict:
    """EventBridge "Step Functions Execution Status Change" for TIMED_OUT or ABORTED executions."""
    detail = event.get("detail") or {}
    return wiring.ingest_pipeline().execution_stopped(detail["name"], detail["status"])
