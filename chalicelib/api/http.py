"""The one way a route is declared: access rule, body schema, OpenAPI metadata and error mapping."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from typing import Any

from chalice import Blueprint, Response
from pydantic import BaseModel

from chalicelib import wiring
from chalicelib.access_log.service import ReadLog
from chalicelib.accounts.permissions import Menu, Principal, check_access
from chalicelib.accounts.sessions import SESSION_INVALID
from chalicelib.affiliate_accounts import principal as affiliate_session
from chalicelib.affiliates.types import AffiliatePrincipal
from chalicelib.api.query import QueryParam, query_of
from chalicelib.common.errors import (
    DomainError,
    MalformedRequest,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    TooManyRequests,
)
from chalicelib.common.files import FileDownload, content_disposition
from chalicelib.common.observability import logger
from chalicelib.common.validation import parse_body
from chalicelib.security.origin import client_address

JSON_HEADERS = {"Content-Type": "application/json; charset=utf-8"}
# On every answer of the API, errors and files included: nothing is sniffed into HTML, only HTTPS for a year
# (the portal's CloudFront policy says the same), and nothing kept by a browser or a shared cache (answers
# carry a provider's data; the few public ones are small and cheap to ask again).
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "Cache-Control": "no-store",
}


@dataclass(frozen=True)
class Access:
    """Who may call a route. `None` access means public. `affiliate`: only an affiliate's session (the route's
    `principal` is an AffiliatePrincipal); otherwise only a provider's or operator's (a Principal)."""

    menu: Menu | None = None
    admin_only: bool = False
    operator_only: bool = False
    allow_pending_password_change: bool = False
    affiliate: bool = False


@dataclass(frozen=True)
class RouteDoc:
    summary: str
    tag: str
    request: type[BaseModel] | None
    response: type[BaseModel] | None
    status: int
    access: Access | None
    errors: tuple[int, ...] = field(default_factory=tuple)
    query: tuple[QueryParam, ...] = ()
    content_type: str = "application/json"
    reads: ReadLog | None = None


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(body=json.dumps(body, ensure_ascii=False), status_code=status,
                    headers={**JSON_HEADERS, **(headers or {})})


def error_response(error: DomainError) -> Response:
    body: dict[str, Any] = {"code": error.code, "message": error.message}
    headers = {}
    if error.details:
        body["errores"] = error.details
    if isinstance(error, TooManyRequests):
        headers["Retry-After"] = str(error.retry_after_seconds)
    return json_response(body, error.status, headers)


# Answers chalice itself gives before any route runs (in AWS too): in the portal's contract instead.
_CHALICE_ERRORS = {
    405: ("METHOD_NOT_ALLOWED", "La ruta no admite el método {method}"),
    415: ("UNSUPPORTED_MEDIA_TYPE", "El cuerpo de la solicitud debe enviarse como application/json"),
}


def spanish_errors(event, get_response) -> Response:
    """HTTP middleware: chalice's own English error bodies become `{code, message}` in Spanish."""
    response = get_response(event)
    if response.status_code not in _CHALICE_ERRORS:
        return response
    code, message = _CHALICE_ERRORS[response.status_code]
    extra = {"Allow": response.headers["Allow"]} if "Allow" in (response.headers or {}) else None
    return json_response({"code": code, "message": message.format(method=event.method)}, response.status_code,
                         extra)


def security_headers(event, get_response) -> Response:
    """HTTP middleware: SECURITY_HEADERS on every answer, whoever produced it (a route, chalice itself)."""
    response = get_response(event)
    response.headers = {**(response.headers or {}), **SECURITY_HEADERS}
    return response


def _session_context(request) -> dict:
    ctx = request.context.get("authorizer") or {}
    if "refused" in ctx or not ("person_id" in ctx or affiliate_session.is_affiliate_context(ctx)):
        raise NotAuthenticated(str(ctx.get("message") or SESSION_INVALID),
                               code=str(ctx.get("refused") or "SESSION_INVALID"))
    return ctx


def principal_of(request) -> Principal:
    """The provider's (or operator's) session of the request; an affiliate's session is refused here."""
    ctx = _session_context(request)
    if affiliate_session.is_affiliate_context(ctx):
        raise PermissionDenied(affiliate_session.AFFILIATE_SESSION_REFUSED, code="AFFILIATE_SESSION_REFUSED")
    return Principal.from_context(ctx)


def affiliate_principal_of(request) -> AffiliatePrincipal:
    """The affiliate's session of the request; a provider's session is refused here."""
    ctx = _session_context(request)
    if not affiliate_session.is_affiliate_context(ctx):
        raise PermissionDenied(affiliate_session.PROVIDER_SESSION_REFUSED, code="PROVIDER_SESSION_REFUSED")
    return affiliate_session.from_context(ctx)


def _authorize(request, access: Access) -> Principal | AffiliatePrincipal:
    if access.affiliate:
        principal = affiliate_principal_of(request)
        affiliate_session.check_affiliate_access(
            principal, allow_pending_password_change=access.allow_pending_password_change)
        return principal
    principal = principal_of(request)
    check_access(principal, menu=access.menu, admin_only=access.admin_only, operator_only=access.operator_only,
                 allow_pending_password_change=access.allow_pending_password_change)
    return principal


def client_ip(request) -> str:
    """The caller's address for throttles, the audit trail and the access log (security/origin.py)."""
    return client_address(request.headers or {}, (request.context.get("identity") or {}).get("sourceIp"))


def _json_body(request) -> Any:
    if not request.raw_body:
        return None
    try:
        return json.loads(request.raw_body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise MalformedRequest("El cuerpo de la solicitud no es un JSON válido (UTF-8)") from exc


def _to_response(result: Any, status: int) -> Response:
    if isinstance(result, Response):
        return result
    if isinstance(result, FileDownload):
        text = result.content_type.startswith("text/")
        return Response(body=result.body.decode("utf-8") if text else result.body, status_code=status, headers={
            "Content-Type": result.content_type, "Content-Disposition": content_disposition(result.filename)})
    if result is None:
        return Response(body="", status_code=204)
    if isinstance(result, BaseModel):
        result = result.model_dump(mode="json")
    return json_response(result, status)


def _log_read(reads: ReadLog, principal: Principal | AffiliatePrincipal, request, route: str, path_params: dict,
              status: int, records: int, declared: tuple[QueryParam, ...]) -> None:
    # Only the route's own parameters: any other query name is the caller's free text (even an empty name,
    # which DynamoDB refuses as a map key) and means nothing to the route.
    query = {name: value if isinstance(value, str) else ",".join(value)
             for name, value in query_of(request, declared).items()}
    params = {**query, **path_params}
    reader = affiliate_session.reader_of(principal) if isinstance(principal, AffiliatePrincipal) else principal
    wiring.access_log().record(reader, reads, method=request.method, route=route, params=params, status=status,
                               records=records, source_ip=client_ip(request))


def endpoint(bp: Blueprint, path: str, method: str = "GET", *, summary: str, tag: str,
             access: Access | None, request: type[BaseModel] | None = None,
             response: type[BaseModel] | None = None, status: int = 200, errors: tuple[int, ...] = (),
             query: tuple[QueryParam | str, ...] = (), content_type: str = "application/json",
             reads: ReadLog | None = None, accepts: tuple[str, ...] = ()):
    """Declare a route. The view receives path params, plus `principal`, `body`, `request` as it asks.

    `reads` marks a route that answers EPS data: each answer (and each "not found") is written to the
    access log — who, route, parameters, when, from where, how many records — before it leaves; if the
    entry cannot be written, the data is not answered."""
    from chalicelib.api.authorizer import session_authorizer  # the authorizer's blueprint imports this module

    if reads is not None and access is None:
        raise ValueError("a route logging its reads needs a session")

    # A bare name (routes written before QueryParam) is documented as a plain string.
    declared_query = tuple(QueryParam(q) if isinstance(q, str) else q for q in query)

    def decorator(fn):
        wants = fn.__code__.co_varnames[: fn.__code__.co_argcount + fn.__code__.co_kwonlyargcount]

        @functools.wraps(fn)
        def view(**params):
            current = bp.current_request
            principal = None
            try:
                wiring.bind()
                kwargs: dict[str, Any] = dict(params)
                if access is not None:
                    principal = _authorize(current, access)
                    if "principal" in wants:
                        kwargs["principal"] = principal
                query_of(current, declared_query)  # a single-value parameter sent twice is refused
                if request is not None:
                    kwargs["body"] = parse_body(request, _json_body(current))
                if "request" in wants:
                    kwargs["request"] = current
                try:
                    result = fn(**kwargs)
                except NotFound:
                    if reads is not None:
                        _log_read(reads, principal, current, path, params, 404, 0, declared_query)
                    raise
                response = _to_response(result, status)
                if reads is not None:  # with the status answered: a view may answer another (202, a job)
                    _log_read(reads, principal, current, path, {**params, **reads.details(result)},
                              response.status_code, reads.count(result), declared_query)
                return response
            except DomainError as error:
                if error.status == 403:
                    logger.warning("access refused", extra={"code": error.code, "path": path})
                return error_response(error)
            except Exception:
                logger.exception("unhandled error", extra={"path": path})
                return json_response({"code": "INTERNAL_ERROR",
                                      "message": "Ocurrió un error inesperado. Intente de nuevo más tarde"}, 500)

        view.route_doc = RouteDoc(summary=summary, tag=tag, request=request, response=response, status=status,
                                  access=access, errors=errors, query=declared_query, content_type=content_type,
                                  reads=reads)
        route_kwargs: dict[str, Any] = {"methods": [method], "cors": False}
        if accepts:  # a body other than JSON (an HTML form's), parsed by the view from `request`
            route_kwargs["content_types"] = list(accepts)
        if access is not None:
            route_kwargs["authorizer"] = session_authorizer
        bp.route(path, **route_kwargs)(view)
        return view

    return decorator
