"""Provider uploads land under `cargas/<canal>/`; one S3 notification (prefix `cargas/`) reaches one
function, which hands each object to its pipeline by folder (cartera, glosas)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from chalicelib.uploads.objects import UploadedObject, objects_in

PREFIX = "cargas/"
Consumer = Callable[[UploadedObject], str | None]


def route(event: dict, consumers: Mapping[str, Consumer]) -> dict:
    """{"jobs": ids started}; objects of a folder without a consumer are ignored (and kept)."""
    started = []
    for obj in objects_in(event, PREFIX):
        channel = obj.key[len(PREFIX):].split("/", 1)[0]
        consumer = consumers.get(channel)
        job_id = consumer(obj) if consumer else None
        if job_id:
            started.append(job_id)
    return {"jobs": started}
