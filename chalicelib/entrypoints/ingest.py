"""Lambda entry points of the ingestion pipeline (app.py wires them; each is one call)."""

from __future__ import annotations

from chalicelib import wiring
from chalicelib.common.observability import logger, tracer
from chalicelib.ingest.pipeline import PREFIX
from chalicelib.uploads.objects import objects_in


@tracer.capture_method
def on_s3_event(event: dict) -> dict:
    started = []
    for obj in objects_in(event, PREFIX):
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
