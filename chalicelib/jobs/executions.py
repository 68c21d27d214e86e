"""Step Functions executions, behind a small adapter the services receive."""

from __future__ import annotations


class ExecutionAlreadyStarted(Exception):
    pass


class StepFunctionsExecutions:
    def __init__(self, sfn_client):
        self._sfn = sfn_client

    def start(self, state_machine_arn: str, name: str, payload: str) -> str:
        try:
            started = self._sfn.start_execution(stateMachineArn=state_machine_arn, name=name, input=payload)
        except self._sfn.exceptions.ExecutionAlreadyExists as exc:
            raise ExecutionAlreadyStarted(name) from exc
        return started["executionArn"]

    def describe(self, execution_arn: str) -> dict:
        answer = self._sfn.describe_execution(executionArn=execution_arn)
        return {"status": answer["status"], "startDate": answer.get("startDate"), "stopDate": answer.get("stopDate")}
