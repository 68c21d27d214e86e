"""Issue 8, defect 7: every answer of the system is the JSON {code, message} in Spanish, the OpenAPI
document says what the API enforces, and an email is a bare address."""

from __future__ import annotations

import pytest

from devstack.provision import resources_of
from tests import factories
from tests.api.client import call
from tests.api.test_registration import form


def gateway_body(response_type: str) -> str:
    """What API Gateway answers in AWS (infra/resources.yml): the local stack must answer the same."""
    return next(r["ResponseTemplates"]["application/json"]
                for r in resources_of("AWS::ApiGateway::GatewayResponse").values()
                if r["ResponseType"] == response_type)


def raw(client, method, path, body=b"", headers=None):
    response = client.http.request(method, path, headers=headers or {}, body=body)
    return response.status_code, response.body.decode("utf-8")


def test_a_missing_token_is_answered_like_the_gateway_in_aws(client, aws):
    status, body = raw(client, "GET", "/sesion")
    assert (status, body) == (401, gateway_body("UNAUTHORIZED"))


def test_an_unknown_route_is_answered_like_the_gateway_in_aws(client, aws):
    status, body = raw(client, "GET", "/no-existe")
    assert (status, body) == (404, gateway_body("MISSING_AUTHENTICATION_TOKEN"))


def test_wrong_content_type_and_method_answer_in_spanish(client, aws):
    import json

    status, body = raw(client, "POST", "/sesion", b"tipo=CC", {"Content-Type": "text/plain"})
    assert (status, json.loads(body)) == (415, {
        "code": "UNSUPPORTED_MEDIA_TYPE", "message": "El cuerpo de la solicitud debe enviarse como application/json"})
    status, body = raw(client, "DELETE", "/health")
    assert (status, json.loads(body)) == (405, {
        "code": "METHOD_NOT_ALLOWED", "message": "La ruta no admite el método DELETE"})


def test_openapi_says_what_the_query_parameters_accept(client, aws):
    paths = call(client, "GET", "/openapi.json")[1]["paths"]
    params = {p["name"]: p["schema"] for p in paths["/operaciones/procesos"]["get"]["parameters"]}
    assert params["limite"] == {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}
    assert params["canal"] == {"type": "string", "enum": ["ingest", "cartera", "glosas"], "default": "ingest"}
    assert params["cursor"] == {"type": "string"}


@pytest.mark.parametrize("address", ["Ana Gómez <ana.gomez@clinica.example.co>", "<ana.gomez@clinica.example.co>"])
def test_an_email_is_a_bare_address(client, aws, address):
    factories.provider()
    status, body = call(client, "POST", "/registro", form(solicitante={"correo": address,
                                                                       "correo_confirmacion": address}))
    assert status == 422
    assert {"campo": "solicitante.correo", "mensaje": "Correo electrónico inválido"} in body["errores"]


def test_a_route_naming_its_query_parameters_plainly_is_still_documented():
    from chalicelib.api.http import RouteDoc
    from chalicelib.api.openapi import _operation

    doc = RouteDoc(summary="s", tag="t", request=None, response=None, status=200, access=None, query=("orden",))
    assert _operation(doc, "/x", {})["parameters"] == [
        {"name": "orden", "in": "query", "required": False, "schema": {"type": "string"}}]
