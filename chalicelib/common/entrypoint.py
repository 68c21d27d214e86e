"""The one way in from AWS. Every invocation — an HTTP request (app.py's middleware), an S3 trigger, a Step
Functions task, a schedule, a background invocation — logs under a correlation id and publishes the metrics it
recorded, whether it ends well or not; an unexpected error is logged by its type and place only, since its
message may carry what a person typed."""

from __future__ import annotations

import functools
import traceback
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from chalicelib.common.observability import logger, metrics

Handler = TypeVar("Handler", bound=Callable[..., Any])


def flush_metrics() -> None:
    """Publish what this invocation recorded; one that recorded nothing publishes nothing (no empty EMF blob)."""
    if metrics.metric_set:
        metrics.flush_metrics()


@contextmanager
def observed(correlation_id: str | None) -> Iterator[None]:
    """Log records inside carry `correlation_id`; the metrics recorded inside are published on the way out."""
    logger.set_correlation_id(correlation_id)
    try:
        yield
    finally:
        flush_metrics()
        logger.set_correlation_id(None)


def correlation_id(event: Any, context: Any) -> str:
    """What ties this invocation's records to the work it serves: the job a Step Functions task runs, the
    execution an EventBridge notice names, the S3 request that delivered an upload, the scheduled event's id;
    otherwise the Lambda request id (a fresh one where there is none, as in the local stack)."""
    if isinstance(event, dict):
        found = _event_id(event)
        if found:
            return found
    else:
        found = getattr(event, "event_id", None)  # chalice's CloudWatchEvent (schedules)
        if found:
            return str(found)
    return getattr(context, "aws_request_id", None) or str(uuid.uuid4())


def _event_id(event: dict) -> str | None:
    if isinstance(event.get("job_id"), str):
        return event["job_id"]
    detail = event.get("detail")
    if isinstance(detail, dict) and isinstance(detail.get("executionArn"), str):
        return detail["executionArn"]
    records = event.get("Records")
    if isinstance(records, list) and records and isinstance(records[0], dict):
        request_id = (records[0].get("responseElements") or {}).get("x-amz-request-id")
        if isinstance(request_id, str):
            return request_id
    return None


def entrypoint(handler: Handler) -> Handler:
    """Decorate a Lambda's function under `@app.lambda_function` (called with event and context) or
    `@app.schedule` (called with chalice's event, which carries the context)."""

    @functools.wraps(handler)
    def run(event: Any, *rest: Any) -> Any:
        context = rest[0] if rest else getattr(event, "context", None)
        keys = {"entrypoint": handler.__name__}
        request_id = getattr(context, "aws_request_id", None)
        if request_id:
            keys["function_request_id"] = request_id
        logger.append_keys(**keys)
        try:
            with observed(correlation_id(event, context)):
                try:
                    return handler(event, *rest)
                except Exception as error:
                    logger.error("entrypoint failed", extra={"error": type(error).__name__, "at": _place(error)})
                    raise
        finally:
            logger.remove_keys(list(keys))

    return run  # type: ignore[return-value]


def _place(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else ""
