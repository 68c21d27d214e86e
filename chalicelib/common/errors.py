"""Domain errors. Each carries a stable code, a Spanish message and the HTTP status it maps to."""

from __future__ import annotations


class DomainError(Exception):
    status = 400
    code = "BAD_REQUEST"

    def __init__(self, message: str, *, code: str | None = None, details: list[dict] | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.details = details or []


class InvalidInput(DomainError):
    status = 422
    code = "VALIDATION_ERROR"


class InvalidQuery(DomainError):
    """A query parameter the API cannot answer (missing, malformed, or not one of the allowed values)."""

    status = 400
    code = "CONSULTA_INVALIDA"


class MalformedRequest(DomainError):
    status = 400
    code = "MALFORMED_REQUEST"


class NotAuthenticated(DomainError):
    status = 401
    code = "NOT_AUTHENTICATED"


class PermissionDenied(DomainError):
    status = 403
    code = "FORBIDDEN"


class NotFound(DomainError):
    status = 404
    code = "NOT_FOUND"


class Conflict(DomainError):
    status = 409
    code = "CONFLICT"


class TooManyRequests(DomainError):
    status = 429
    code = "TOO_MANY_REQUESTS"

    def __init__(self, message: str, *, retry_after_seconds: int, code: str | None = None):
        super().__init__(message, code=code)
        self.retry_after_seconds = retry_after_seconds
