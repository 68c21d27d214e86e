"""Lambda entry points of the cartera pipeline (app.py wires them; each is one call)."""

from __future__ import annotations

from chalicelib import wiring
from chalicelib.common.observability import logger, tracer
from chalicelib.uploads.objects import UploadedObject


def on_upload(obj: UploadedObject) -> str | None:
    job_id = wiring.cartera().on_upload(obj)
    logger.info("cartera upload", extra={"job_id": job_id, "started": job_id is not None})
    return job_id


@tracer.capture_method
def task(event: dict) -> dict:
    """One task of statemachines/cartera.asl.json: {"task": name, "job_id": …} (+ "error" for fail)."""
    pipeline = wiring.cartera()
    name = event["task"]
    if name == "fail":
        return pipeline.fail(event["job_id"], event.get("error"))
    if name not in ("receipt", "process", "notify"):
        raise ValueError(f"unknown cartera task {name!r}")
    return getattr(pipeline, name)(event["job_id"])


@tracer.capture_method
def execution_stopped(event: dict) -> dict:
    detail = event.get("detail") or {}
    return wiring.cartera().execution_stopped(detail["name"], detail["status"])
