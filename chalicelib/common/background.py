"""Work started without waiting for it: an asynchronous Lambda invocation (InvocationType=Event)."""

from __future__ import annotations

import json


class AsyncInvoker:
    def __init__(self, lambda_client, function_name: str):
        self._lambda = lambda_client
        self._function = function_name

    def __call__(self, payload: dict) -> None:
        self._lambda.invoke(FunctionName=self._function, InvocationType="Event", Payload=json.dumps(payload))
