"""API Gateway's own answers on the local stack. In AWS the gateway answers a missing token or an
unknown route itself, with the Spanish bodies of the GatewayResponses in infra/resources.yml; chalice's
local gateway (behind `make run` and `chalice.test.Client`) answers those in English, so it is given the
same responses, read from the same template.
"""

from __future__ import annotations

from functools import cache

from chalice import local

from devstack.provision import resources_of


class GatewayAnswer(local.LocalGatewayException):
    def __init__(self, status: int, headers: dict, body: bytes) -> None:
        super().__init__(headers, body)
        self.CODE = status


_HEADER = "gatewayresponse.header."


@cache
def _responses() -> dict[str, tuple[int, bytes, dict[str, str]]]:
    return {r["ResponseType"]: (int(r.get("StatusCode", 500)), r["ResponseTemplates"]["application/json"].encode(),
                                response_headers(r))
            for r in resources_of("AWS::ApiGateway::GatewayResponse").values()}


def response_headers(resource: dict) -> dict[str, str]:
    """The headers a GatewayResponse sets (`gatewayresponse.header.X: "'value'"`, a quoted static value)."""
    return {name[len(_HEADER):]: value.strip("'") for name, value in (resource.get("ResponseParameters") or {}).items()
            if name.startswith(_HEADER)}


def answer(response_type: str) -> tuple[int, bytes, dict[str, str]]:
    """Status, body and headers API Gateway answers for one of the template's GatewayResponse types."""
    return _responses()[response_type]


def _answer(response_type: str, error: local.LocalGatewayException) -> GatewayAnswer:
    status, body, headers = _responses()[response_type]
    return GatewayAnswer(status, {**error.headers, **headers, "Content-Type": "application/json"}, body)


_original = local.LocalGateway.handle_request


def _handle_request(self, method, path, headers, body):
    try:
        return _original(self, method, path, headers, body)
    except local.NotAuthorizedError as error:  # no Authorization header: the authorizer is never called
        raise _answer("UNAUTHORIZED", error) from None
    except local.ForbiddenError as error:  # no such route or method (API Gateway: "Missing Authentication Token")
        raise _answer("MISSING_AUTHENTICATION_TOKEN", error) from None


def install() -> None:
    local.LocalGateway.handle_request = _handle_request
