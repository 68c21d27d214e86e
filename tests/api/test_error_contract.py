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
    assert params["cursor"] == {"type": "string", "minLength": 1, "maxLength": 2048}


@pytest.mark.parametrize("address", ["Ana Gómez <ana.gomez@clinica.example.co>", "<ana.gomez@clinica.example.co>"])
def test_an_email_is_a_bare_address(client, aws, address):
    factories.provider()
    status, body = call(client, "POST", "/registro", form(solicitante={"correo": address,
                                                                       "correo_confirmacion": address}))
    assert status == 422
    assert {"campo": "solicitante.correo", "mensaje": "Correo electrónico inválido"} in body["errores"]


def test_a_route_naming_its_query_parameters_plainly_is_still_documented():
    from chalice import Blueprint

    from chalicelib.api.http import endpoint
    from chalicelib.api.openapi import _operation

    @endpoint(Blueprint("plain"), "/x", summary="s", tag="t", access=None, query=("orden",))
    def view():
        return None

    assert _operation(view.route_doc, "/x", {})["parameters"] == [
        {"name": "orden", "in": "query", "required": False, "schema": {"type": "string"}}]


# --- issue 20 (Low): security headers on every answer, the gateway's own included -------------------------

def _headers_of(response) -> dict[str, str]:
    return {name.lower(): value for name, value in response.headers.items()}


def test_every_kind_of_answer_carries_the_security_headers(client, aws):
    from chalicelib.api.http import SECURITY_HEADERS
    from chalicelib.common.files import XLSX_CONTENT_TYPE

    factories.membership(factories.person("1000000001"), factories.provider())
    token = call(client, "POST", "/sesion", {"tipo_documento": "CC", "numero_documento": "1000000001",
                                             "contrasena": factories.PASSWORD})[1]["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    answers = {
        "json 200": client.http.get("/health"),
        "json with a session": client.http.get("/sesion", headers=bearer),
        "file": client.http.get("/cartera/plantilla", headers={**bearer, "Accept": XLSX_CONTENT_TYPE}),
        "422": client.http.post("/sesion", headers={"Content-Type": "application/json"}, body=b"{}"),
        "400": client.http.post("/sesion", headers={"Content-Type": "application/json"}, body=b"{"),
        "405 (chalice's own)": client.http.request("DELETE", "/health"),
        "415 (chalice's own)": client.http.post("/sesion", headers={"Content-Type": "text/plain"}, body=b"x"),
        "401 (the gateway's)": client.http.get("/sesion"),
        "404 (the gateway's)": client.http.get("/no-existe"),
    }
    expected = {name.lower(): value for name, value in SECURITY_HEADERS.items()}
    for what, response in answers.items():
        headers = _headers_of(response)
        assert {k: headers.get(k) for k in expected} == expected, what
    from chalicelib.cartera.template import FILENAME
    from chalicelib.common.files import content_disposition

    assert answers["file"].status_code == 200, answers["file"].body
    assert _headers_of(answers["file"])["content-disposition"] == content_disposition(FILENAME)


def test_the_gateways_own_answers_in_the_template_carry_the_same_headers():
    from chalicelib.api.http import SECURITY_HEADERS
    from devstack.gateway import response_headers

    responses = resources_of("AWS::ApiGateway::GatewayResponse").values()
    assert {r["ResponseType"] for r in responses} >= {"UNAUTHORIZED", "ACCESS_DENIED", "DEFAULT_4XX", "DEFAULT_5XX",
                                                      "MISSING_AUTHENTICATION_TOKEN"}
    for resource in responses:
        assert response_headers(resource) == SECURITY_HEADERS, resource["ResponseType"]


# --- issue 20/22: errors at the field, named as the client sends it --------------------------------------

def test_a_refused_body_names_each_field_as_sent_without_a_cuerpo_prefix(client, aws):
    factories.provider()
    status, body = call(client, "POST", "/registro", form(solicitante={"celular": ""}, extra="x"))
    assert (status, body["message"]) == (422, "Revise los campos marcados")
    assert {"campo": "extra", "mensaje": "Campo no permitido"} in body["errores"]
    assert {"campo": "solicitante.celular", "mensaje": "Debe tener al menos 7 caracteres"} in body["errores"]
    # A rule over two fields is placed on the one to correct, not on the object ("cuerpo", "solicitante").
    status, body = call(client, "POST", "/registro", form(
        solicitante={"correo": "ana@clinica.example.co", "correo_confirmacion": "otra@clinica.example.co"}))
    assert (status, body["errores"]) == (422, [{"campo": "solicitante.correo_confirmacion",
                                                "mensaje": "El correo electrónico y su verificación no coinciden"}])


def test_a_refused_query_parameter_is_named_as_sent(client, aws):
    factories.membership(factories.person("1000000001"), factories.provider())
    token = call(client, "POST", "/sesion", {"tipo_documento": "CC", "numero_documento": "1000000001",
                                             "contrasena": factories.PASSWORD})[1]["token"]
    status, body = call(client, "GET", "/usuarios?limite=500", token=token)
    assert (status, body["message"]) == (422, "Revise los campos marcados")
    assert body["errores"] == [{"campo": "limite", "mensaje": "Debe ser un número entre 1 y 100"}]
