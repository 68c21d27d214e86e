"""The OpenAPI document and the real routes must match, and every body schema must be declared."""

from __future__ import annotations

from openapi_spec_validator import validate

from app import app
from tests.api.client import call


def real_routes() -> set[tuple[str, str]]:
    return {(path, method.lower()) for path, methods in app.routes.items() for method in methods}


def test_every_route_is_documented_and_nothing_else(client):
    status, document = call(client, "GET", "/openapi.json")
    assert status == 200
    documented = {(path, method) for path, ops in document["paths"].items() for method in ops}
    assert documented == real_routes()


def test_every_route_declares_its_doc():
    undocumented = [path for path, methods in app.routes.items()
                    for entry in methods.values() if not hasattr(entry.view_function, "route_doc")]
    assert undocumented == []


def test_document_is_valid_openapi(client):
    validate(call(client, "GET", "/openapi.json")[1])


def test_protected_routes_declare_bearer_and_401(client):
    document = call(client, "GET", "/openapi.json")[1]
    me = document["paths"]["/sesion"]["get"]
    assert me["security"] == [{"bearer": []}]
    assert "401" in me["responses"]
    assert "security" not in document["paths"]["/sesion"]["post"]
