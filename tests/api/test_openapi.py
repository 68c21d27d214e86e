"""The OpenAPI document and the real routes must match, and every body schema must be declared."""

from __future__ import annotations

from typing import get_args

from openapi_spec_validator import validate
from pydantic import BaseModel

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


def test_every_query_parameter_states_what_it_accepts(client):
    """Issue 20: `limite` was documented as a bare string on 7 routes. Every query parameter now carries its
    constraints (tests/api/test_query_contract.py checks them against what each route refuses)."""
    document = call(client, "GET", "/openapi.json")[1]
    bare = [(path, p["name"]) for path, ops in document["paths"].items() for op in ops.values()
            for p in op.get("parameters", []) if p["in"] == "query" and set(p["schema"]) <= {"type"}]
    assert bare == []
    limits = [p["schema"] for ops in document["paths"].values() for op in ops.values()
              for p in op.get("parameters", []) if p["name"] == "limite"]
    assert len(limits) >= 9
    assert all((s["type"], s["minimum"], s["maximum"]) == ("integer", 1, 100) for s in limits)


def test_body_rules_checked_in_code_are_stated_in_the_schemas(client):
    """Rules a validator checks in code (not a type) are stated too: generated clients and fuzzers see them."""
    schemas = call(client, "GET", "/openapi.json")[1]["components"]["schemas"]
    assert schemas["StateChange"]["properties"]["estado"]["enum"] == ["ACTIVA", "INACTIVA"]
    assert "NI" not in schemas["ApplicantForm"]["properties"]["tipo_documento"]["enum"]
    assert "NI" not in schemas["DelegateForm"]["properties"]["tipo_documento"]["enum"]
    archivo = schemas["CarteraRequestBody"]["properties"]["archivo"]
    assert (archivo["maxLength"], archivo["pattern"].endswith(r"\.[xX][lL][sS][xX]$")) == (120, True)


def declared_models() -> set[type[BaseModel]]:
    """Every pydantic model a route declares, with the models its fields nest (lists, unions, optionals)."""
    found: set[type[BaseModel]] = set()
    pending = [model for methods in app.routes.values() for entry in methods.values()
               for model in (entry.view_function.route_doc.request, entry.view_function.route_doc.response)
               if model is not None]
    while pending:
        model = pending.pop()
        if model in found:
            continue
        found.add(model)
        for info in model.model_fields.values():
            pending += nested_models(info.annotation)
    return found


def nested_models(annotation) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in get_args(annotation) for model in nested_models(arg)]


def test_no_two_schemas_share_a_name(client):
    """The document names schemas by class name: two classes with one name (issue 23: the survey's and the
    affiliates' QuestionView) would leave one of them described by the other's schema."""
    by_name: dict[str, set[str]] = {}
    for model in declared_models():
        by_name.setdefault(model.__name__, set()).add(f"{model.__module__}.{model.__qualname__}")
    assert {name: classes for name, classes in by_name.items() if len(classes) > 1} == {}
    schemas = call(client, "GET", "/openapi.json")[1]["components"]["schemas"]
    assert {model.__name__ for model in declared_models()} <= set(schemas)
