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

    @staticmethod
    def arn_of(state_machine_arn: str, name: str) -> str:
        return f"{state_machine_arn.replace(':stateMachine:', ':execution:')}:{name}"

    def status(self, execution_arn: str) -> str | None:
        """RUNNING, SUCCEEDED, FAILED…; None once Step Functions no longer keeps the execution (90 days)."""
        try:
            return self._sfn.describe_execution(executionArn=execution_arn)["status"]
        except self._sfn.exceptions.ExecutionDoesNotExist:
            return None
