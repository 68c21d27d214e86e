"""What a Step Functions Catch hands to a pipeline's failure task, read safely, and the reason the job shows."""

from __future__ import annotations

import json

# What kind of failure ended a job (Job.failure): whether running the same file again could change it.
REFUSED = "RECHAZO"  # the file's or the load's own problem, explained to whoever sent it
INTERNAL = "INTERNO"  # an error of ours: the same file may succeed on a retry
STOPPED = "DETENIDO"  # the execution was stopped on purpose (StopExecution) or ran out of time

# What a provider reads (job status and email) when its upload failed for a reason of ours.
INTERNAL_FOR_PROVIDERS = ("Ocurrió un error interno al procesar el archivo. El archivo se conserva y el equipo de la "
                          "EPS fue notificado ({kind})")

_STOPPED_REASONS = {
    "States.ABORTED": "El proceso fue detenido deliberadamente (su ejecución se abortó, States.ABORTED) antes de "
                      "terminar. El archivo original se conserva",
    "States.TIMED_OUT": "El proceso superó el tiempo máximo de ejecución y se detuvo (States.TIMED_OUT). El archivo "
                        "original se conserva",
}


def error_cause(error: dict | str | None) -> tuple[str, str | None]:
    """(error type, message) of a task failure: Lambda's errorType/errorMessage when the Cause carries them,
    else the Step Functions error name (States.Timeout…) and no message."""
    if not isinstance(error, dict):  # Step Functions hands a bare string for some failures
        error = {"Error": str(error)} if error else {}
    try:
        cause = json.loads(error.get("Cause") or "{}")
    except (TypeError, ValueError):
        cause = {}
    if not isinstance(cause, dict):
        cause = {}
    kind = cause.get("errorType") or error.get("Error") or "desconocido"
    message = cause.get("errorMessage")
    return str(kind), str(message) if message is not None else None


def stopped_reason(kind: str) -> str | None:
    """The reason of an execution that ended without its Catch (aborted or timed out); None for other errors."""
    return _STOPPED_REASONS.get(kind)


def stopped(status: str) -> dict:
    """The error a stopped-execution handler hands to its pipeline's failure task ("ABORTED", "TIMED_OUT")."""
    return {"Error": f"States.{status}"}


def classify(error: dict | str | None, explained: tuple[str, ...]) -> tuple[str, str | None]:
    """(failure kind, the message to show when it is worded already): a refusal whose type is in `explained`
    carries its own Spanish message; a stop gets its own reason; anything else is internal (message None)."""
    kind, message = error_cause(error)
    if kind in explained and message:
        return REFUSED, message
    if reason := stopped_reason(kind):
        return STOPPED, reason
    return INTERNAL, None


def describe(error: dict | str | None, explained: tuple[str, ...], internal: str) -> tuple[str, str]:
    """(failure kind, the reason the job shows): classify()'s message, or `internal` — the pipeline's sentence
    for an error of ours, where `{kind}` names the error's type."""
    failure, message = classify(error, explained)
    return failure, message or internal.format(kind=error_cause(error)[0])
