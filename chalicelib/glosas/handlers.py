"""Lambda entry points of the glosa response loads (app.py wires them; each is one call)."""

from __future__ import annotations

from chalicelib import wiring
from chalicelib.common.bulk import collector_paused
from chalicelib.common.observability import logger, tracer
from chalicelib.uploads.objects import UploadedObject

TASKS = ("validate", "apply", "write", "notify")


def on_upload(obj: UploadedObject) -> str | None:
    job_id = wiring.glosa_loads().on_upload(obj)
    logger.info("glosas upload", extra={"job_id": job_id, "started": job_id is not None})
    return job_id


@tracer.capture_method
def task(event: dict) -> dict:
    """One task of statemachines/glosas.asl.json: {"task": name, "job_id": …} (+ "error" for fail)."""
    loads = wiring.glosa_loads()
    name = event["task"]
    if name == "fail":
        return loads.fail(event["job_id"], event.get("error"))
    if name not in TASKS:
        raise ValueError(f"unknown glosas task {name!r}")
    with collector_paused():  # tens of thousands of rows built at once
        return getattr(loads, name)(event["job_id"])


@tracer.capture_method
def execution_stopped(event: dict) -> dict:
    detail = event.get("detail") or {}
    return wiring.glosa_loads().execution_stopped(detail["name"], detail["status"])
