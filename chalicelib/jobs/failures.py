"""What a Step Functions Catch hands to a pipeline's failure task, read safely."""

from __future__ import annotations

import json


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
