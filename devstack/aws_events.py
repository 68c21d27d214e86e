"""Events the emulator does not send as AWS does, so the local stack behaves like a deployment:

- S3 → Lambda notifications carry the object's `versionId` and a `sequencer` (moto leaves both out);
- Step Functions publishes "Step Functions Execution Status Change" to EventBridge when an execution is
  aborted or times out, and EventBridge rules deliver to Lambda targets (moto knows neither);
- an execution stopped inside a Map state ends ABORTED (moto's Map raises AttributeError on the abort
  and reports the execution FAILED, without running any Catch).

Each is a small patch of moto's internals, installed once by devstack.lambdas.install.
"""

from __future__ import annotations

import itertools
import json
import threading
from functools import cache

_sequencer = itertools.count(1)
_sequencer_lock = threading.Lock()


def next_sequencer() -> str:
    """Hex, fixed width, increasing: S3's sequencer orders the writes of a key."""
    with _sequencer_lock:
        return f"{next(_sequencer):016X}"


@cache
def install() -> None:
    _s3_events_carry_version_and_sequencer()
    _step_functions_publish_stops()
    _eventbridge_delivers_to_lambda()


def _s3_events_carry_version_and_sequencer() -> None:
    from moto.s3 import notifications

    original = notifications._get_s3_event

    def event_with_version(event_name, bucket, key, notification_id):
        event = original(event_name, bucket, key, notification_id)
        stored = event["Records"][0]["s3"]["object"]
        stored["sequencer"] = next_sequencer()
        if getattr(key, "version_id", None) and key.version_id != "null":
            stored["versionId"] = key.version_id
        return event

    notifications._get_s3_event = event_with_version


def _step_functions_publish_stops() -> None:
    from moto.stepfunctions.parser.api import ExecutionStatus
    from moto.stepfunctions.parser.backend.execution import BaseExecutionWorkerCommunication, Execution

    original_stop, original_terminated = Execution.stop, BaseExecutionWorkerCommunication.terminated

    def stop(self, stop_date, error, cause) -> None:
        self.stop_requested = True
        original_stop(self, stop_date, error, cause)

    def terminated(self) -> None:
        original_terminated(self)
        execution = self.execution
        if getattr(execution, "stop_requested", False):
            execution.exec_status = ExecutionStatus.ABORTED
        status = str(getattr(execution.exec_status, "value", execution.exec_status))
        if status in ("ABORTED", "TIMED_OUT"):
            publish_status_change(execution.account_id, execution.region_name, {
                "executionArn": execution.exec_arn, "stateMachineArn": execution.state_machine.arn,
                "name": execution.name, "status": status})

    Execution.stop = stop
    BaseExecutionWorkerCommunication.terminated = terminated


def publish_status_change(account_id: str, region: str, detail: dict) -> None:
    from moto.events.models import events_backends

    events_backends[account_id][region].put_events([{
        "Source": "aws.states", "DetailType": "Step Functions Execution Status Change",
        "Detail": json.dumps(detail), "Resources": [detail["executionArn"]]}])


def _eventbridge_delivers_to_lambda() -> None:
    from moto.awslambda.utils import get_backend
    from moto.events.models import Rule
    from moto.utilities.arns import parse_arn

    original = Rule.send_to_targets

    def send_to_targets(self, original_event, transform_input: bool = True) -> None:
        functions = [t for t in self.targets if parse_arn(t["Arn"]).service == "lambda"]
        if len(functions) < len(self.targets):  # moto's own targets (it raises on a Lambda one)
            all_targets, self.targets = self.targets, [t for t in self.targets if t not in functions]
            try:
                original(self, original_event, transform_input)
            finally:
                self.targets = all_targets
        if not functions or not self.event_pattern.matches_event(original_event):
            return
        for target in functions:
            arn = parse_arn(target["Arn"])
            function = get_backend(arn.account, arn.region).get_function(target["Arn"])
            function.invoke(json.dumps(original_event, default=str), {}, {})

    Rule.send_to_targets = send_to_targets
