"""Lambda on the embedded AWS: moto runs function code only in Docker, so invocations are dispatched
to the app's own handlers in this process. Everything around them (S3 notifications, Step Functions
tasks, payloads, errors) is moto's real behaviour, except that moto runs an asynchronous invocation
(`InvocationType=Event`) before answering: here it runs on a thread, so the caller gets its 202 at once
as in AWS.
"""

from __future__ import annotations

import io
import json
import threading
import traceback
import zipfile
from typing import Any

from moto.awslambda.models import LambdaFunction

from chalicelib.common.observability import logger
from devstack import aws_events

_HANDLERS: dict[str, object] = {}


def function_name(stage: str, name: str) -> str:
    return f"oficina-virtual-{stage}-{name}"


def logical_id(name: str) -> str:
    """The logical id `chalice package` gives a function: ingest_trigger → IngestTrigger."""
    return "".join(part.capitalize() for part in name.split("_"))


def _dispatch(self: LambdaFunction, event: str | dict | None = None) -> tuple[str, bool, str]:
    handler = _HANDLERS.get(self.function_name)
    if handler is None:
        return json.dumps({"errorMessage": f"No handler for {self.function_name}"}), True, ""
    try:
        result = handler(json.loads(event) if isinstance(event, str | bytes) else (event or {}), None)
        return json.dumps(result), False, ""
    except Exception as error:  # reported to the caller the way Lambda reports it
        payload = {"errorMessage": str(error), "errorType": type(error).__name__,
                   "stackTrace": traceback.format_exception(error)}
        return json.dumps(payload), True, "".join(payload["stackTrace"])


_BACKGROUND: list[threading.Thread] = []
_original_invoke = LambdaFunction.invoke


def _invoke(self: LambdaFunction, body: str, request_headers: Any, response_headers: Any) -> str | bytes:
    """`InvocationType=Event` is queued in AWS and returns 202 at once; moto would run it before answering."""
    if request_headers.get("x-amz-invocation-type") != "Event":
        return _original_invoke(self, body, request_headers, response_headers)
    worker = threading.Thread(target=_run_in_background, args=(self, body), daemon=True,
                              name=f"lambda-event-{self.function_name}")
    _BACKGROUND.append(worker)
    worker.start()
    return ""


def _run_in_background(function: LambdaFunction, body: str) -> None:
    _, errored, logs = function._invoke_lambda(event=json.loads(body) if body else {})
    if errored:  # AWS would retry twice and then drop it; here it is at least visible
        logger.error("asynchronous invocation failed", extra={"function": function.function_name, "trace": logs})


def drain() -> None:
    """Wait for the asynchronous invocations started so far (tests read their effects afterwards)."""
    while _BACKGROUND:
        _BACKGROUND.pop().join()


def install(app, stage: str) -> None:
    for fn in app.pure_lambda_functions:
        _HANDLERS[function_name(stage, fn.name)] = fn
    LambdaFunction._invoke_lambda = _dispatch
    aws_events.install()
    LambdaFunction.invoke = _invoke


def create_functions(session, app, stage: str, *, region: str, endpoint_url: str | None = None) -> dict[str, str]:
    """Register the app's functions in moto's Lambda; returns {logical id: function ARN}."""
    install(app, stage)
    iam = session.client("iam", region_name=region, endpoint_url=endpoint_url)
    role = iam.create_role(RoleName=f"oficina-virtual-{stage}-lambda", AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                                "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("app.py", "# dispatched in-process by devstack.lambdas\n")
    awslambda = session.client("lambda", region_name=region, endpoint_url=endpoint_url)
    arns = {}
    for fn in app.pure_lambda_functions:
        created = awslambda.create_function(
            FunctionName=function_name(stage, fn.name), Runtime="python3.11", Role=role,
            Handler=fn.handler_string, Code={"ZipFile": archive.getvalue()}, Timeout=900)
        arns[logical_id(fn.name)] = created["FunctionArn"]
    return arns

