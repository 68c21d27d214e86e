"""Issue 20 (Low): the OpenAPI document states what the code enforces on query parameters. This walks every
route's declared parameters and holds the two together: a value the schema allows is answered, a value it
refuses (wrong type, out of range, not in the enum, not matching the pattern, missing when required, an
impossible date) is refused with the parameter named in `errores` — so a constraint added to one side only
fails here. Also: every paged route refuses a cursor it did not seal."""

from __future__ import annotations

import base64
import json
import urllib.parse

import pytest

from app import app
from chalicelib.api.openapi import build_openapi
from chalicelib.common.identifiers import DocumentType
from chalicelib.operations.accounts import create_operator
from devstack.demo import DEMO_AFFILIATE, load_affiliate_account
from devstack.demodata import generate
from tests import factories
from tests.affiliates.conftest import load
from tests.api.client import call, login

# A value each declared constrained parameter accepts, for this test's provider (sucursal 001 exists).
VALID = {"limite": "5", "cursor": None, "fecha_inicio": "2024-01-01", "fecha_fin": "2024-12-31", "prefijo": "FE",
         "sufijo": "24728", "prestador": "NI-900123456", "fecha": "2024-05-02", "desde": "2024-01",
         "hasta": "2024-12", "canal": None, "anio": "2024", "ambito": ["ambulatorio", "urgencias"],
         "grupo": ["terapias", "medicamentos"], "sucursal": ["001"],
         "estado": None, "formato": None}


def query_routes():
    for path, methods in build_openapi(app)["paths"].items():
        for method, operation in methods.items():
            query = [p for p in operation.get("parameters", []) if p["in"] == "query"]
            if query:
                yield pytest.param(path, method, operation, query, id=f"{method.upper()} {path}")


def valid_value(param: dict):
    schema = param["schema"]
    value = VALID.get(param["name"])
    if value is None and "enum" in schema:
        value = schema["enum"][-1]
    return value


def invalid_values(param: dict) -> list:
    """Values the schema refuses, one per kind of constraint it states."""
    schema, bad = param["schema"], []
    items = schema.get("items", {})
    if schema.get("type") == "integer":
        bad.append("doce")
        if "minimum" in schema:
            bad.append(str(schema["minimum"] - 1))
        if "maximum" in schema:
            bad.append(str(schema["maximum"] + 1))
    if "enum" in schema or "pattern" in schema or "enum" in items or "pattern" in items:
        bad.append(["¡no-existe!"] if schema.get("type") == "array" else "¡no-existe!")
    if schema.get("format") == "date":
        bad.append("2024-02-30")
    if "maxLength" in schema:
        bad.append("A" * (schema["maxLength"] + 1))
    return bad


def url(path: str, params: dict) -> str:
    pairs = [(name, v) for name, value in params.items() if value is not None
             for v in (value if isinstance(value, list) else [value])]
    return f"{path}?{urllib.parse.urlencode(pairs)}" if pairs else path


@pytest.fixture
def tokens(client, aws, tmp_path):
    provider = factories.provider()
    factories.membership(factories.person("1000000001"), provider)
    create_operator(DocumentType.CC, "31000111", primer_nombre="Olga", primer_apellido="Mejía",
                    correo="olga@eps.example.co", password="Operadora2024", must_change_password=False)
    return {"admin": login(client, "1000000001"), "operator": login(client, "31000111", "Operadora2024"),
            "affiliate": lambda: affiliate_token(client, tmp_path)}


def affiliate_token(client, folder) -> str:
    """The demo cotizante's session (the affiliates' routes take no other), loaded on first use."""
    if not getattr(affiliate_token, "loaded", None) == folder:
        generate(folder, providers=1, invoices_per_provider=0, seed=5)
        assert load("afiliados", (folder / "afiliados.csv").read_bytes()).rejected == []
        load_affiliate_account()
        affiliate_token.loaded = folder
    return call(client, "POST", "/afiliados/sesion", DEMO_AFFILIATE)[1]["token"]


def token_for(operation: dict, tokens: dict) -> str:
    if "afiliados" in operation["tags"]:
        return tokens["affiliate"]()
    return tokens["operator"] if "operaciones" in operation["tags"] else tokens["admin"]


def ask(client, operation: dict, tokens: dict, path: str, params: dict) -> tuple[int, dict | None]:
    """A GET as the route's callers send it (a file route is asked for its file); the body when it is JSON."""
    accept = next(iter(operation["responses"]["200"].get("content", {"application/json": None})))
    response = client.http.get(url(path, params), headers={
        "Accept": accept, "Authorization": f"Bearer {token_for(operation, tokens)}"})
    headers = {name.lower(): value for name, value in response.headers.items()}
    is_json = headers.get("content-type", "").startswith("application/json")
    return response.status_code, json.loads(response.body) if is_json else None


@pytest.mark.parametrize(("path", "method", "operation", "query"), list(query_routes()))
def test_what_the_document_allows_is_answered_and_what_it_refuses_is_refused(client, tokens, path, method,
                                                                              operation, query):
    required = {p["name"]: valid_value(p) for p in query if p["required"]}
    assert all(value is not None for value in required.values()), "a required parameter without a VALID example"
    status, body = ask(client, operation, tokens, path, required)
    assert status == 200, (required, body)
    for param in query:
        constrained = {k for k in param["schema"] if k not in ("type", "default")} or param["required"]
        assert not constrained or param["name"] in VALID, f"add a valid example of {param['name']} to VALID"
        value = valid_value(param)
        if value is not None:
            status, body = ask(client, operation, tokens, path, {**required, param["name"]: value})
            assert status == 200, (param["name"], value, body)
        wrong = invalid_values(param) + ([None] if param["required"] else [])
        for bad in wrong:
            status, body = ask(client, operation, tokens, path, {**required, param["name"]: bad})
            assert status in (400, 422), (param["name"], bad, status)
            assert param["name"] in {e["campo"] for e in body["errores"]}, (param["name"], bad, body)


@pytest.mark.parametrize(("path", "method", "operation", "query"), list(query_routes()))
def test_a_single_value_parameter_sent_twice_is_refused_and_a_filter_takes_several(client, tokens, path, method,
                                                                                 operation, query):
    required = {p["name"]: valid_value(p) for p in query if p["required"]}
    for param in query:
        value = valid_value(param)
        if value is None:
            continue
        twice = [value, value] if isinstance(value, str) else value
        status, body = ask(client, operation, tokens, path, {**required, param["name"]: twice})
        if param["schema"]["type"] == "array":
            assert status == 200 and param.get("explode") is True, (param["name"], body)
        else:
            assert (status, body["errores"]) == (400, [{"campo": param["name"], "mensaje": "Envíe un solo valor"}])


def forged(key: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode()


def test_every_paged_route_refuses_a_cursor_it_did_not_seal(client, tokens):
    paged = [(path, operation) for path, methods in build_openapi(app)["paths"].items()
             for operation in methods.values()
             if any(p["name"] == "cursor" for p in operation.get("parameters", []))]
    assert len(paged) >= 9
    for path, operation in paged:
        required = {p["name"]: valid_value(p) for p in operation["parameters"] if p.get("required")}
        cursor = forged({"provider_id": {"S": "NI#900123456"}, "person_id": {"S": "CC#1000000001"}})
        status, body = ask(client, operation, tokens, path, {**required, "cursor": cursor})
        assert (status, body["code"], body["message"]) == (422, "INVALID_CURSOR",
                                                           "El cursor de paginación no es válido"), path


def test_the_users_cursor_does_not_carry_a_document_number_and_pages_only_its_own_route(client, tokens):
    provider = factories.provider()
    for doc in ("52111222", "52111223", "52111224"):
        factories.membership(factories.person(doc), provider, role="DELEGADO", menus={"PAGOS"})
    status, page = call(client, "GET", "/usuarios?limite=1", token=tokens["admin"])
    cursor = page["siguiente"]
    raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    assert status == 200 and not any(doc.encode() in raw for doc in ("1000000001", "52111222", "52111223"))
    assert call(client, "GET", f"/usuarios?limite=1&cursor={cursor}", token=tokens["admin"])[0] == 200
    assert call(client, "GET", f"/cuenta/accesos?cursor={cursor}", token=tokens["admin"])[0] == 422
