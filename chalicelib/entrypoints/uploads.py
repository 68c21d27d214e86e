"""Lambda entry points of every upload channel (app.py wires them): the S3 event routed by folder, the tasks of
each channel's state machine and its stopped executions, each one call into the channel's pipeline."""

from __future__ import annotations

from functools import partial

from chalicelib import wiring
from chalicelib.common.observability import logger, tracer
from chalicelib.uploads.objects import UploadedObject
from chalicelib.uploads.router import route


def on_s3_event(event: dict) -> dict:
    return route(event, {channel: partial(on_upload, channel) for channel in wiring.UPLOAD_CHANNELS})


def on_upload(channel: str, obj: UploadedObject) -> str | None:
    job_id = wiring.upload_pipeline(channel).on_upload(obj)
    logger.info(f"{channel} upload", extra={"job_id": job_id, "started": job_id is not None})
    return job_id


@tracer.capture_method
def task(channel: str, event: dict) -> dict:
    """One task of statemachines/<channel>.asl.json: {"task": name, "job_id": …} (+ "error" for fail)."""
    return wiring.upload_pipeline(channel).run(event)


@tracer.capture_method
def execution_stopped(channel: str, event: dict) -> dict:
    detail = event.get("detail") or {}
    return wiring.upload_pipeline(channel).execution_stopped(detail["name"], detail["status"])
