"""OpenAPI 3.1 document built from the routes the app really has and their declared schemas."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from chalicelib.api.http import RouteDoc
from chalicelib.api.query import QueryParam

_STATUS_TEXT = {
    400: "Solicitud mal formada",
    401: "Sesión ausente, inválida o expirada",
    403: "Sin permiso para esta opción",
    404: "No encontrado",
    409: "Conflicto con el estado actual",
    422: "Datos inválidos (detalle por campo en `errores`)",
    429: "Demasiadas solicitudes",
}

ERROR_SCHEMA = {
    "type": "object",
    "required": ["code", "message"],
    "properties": {
        "code": {"type": "string", "description": "Código estable del error"},
        "message": {"type": "string", "description": "Mensaje en español para el usuario"},
        "errores": {
            "type": "array",
            "description": "Cada campo rechazado, con el nombre con que el cliente lo envió (anidados con punto)",
            "items": {"type": "object", "required": ["campo", "mensaje"],
                      "properties": {"campo": {"type": "string"}, "mensaje": {"type": "string"}}},
        },
    },
}


def _schema_ref(model: type[BaseModel], components: dict[str, Any]) -> dict[str, str]:
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, definition in schema.pop("$defs", {}).items():
        components[name] = definition
    components[model.__name__] = schema
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def _query_parameter(param: QueryParam) -> dict[str, Any]:
    described: dict[str, Any] = {"name": param.name, "in": "query", "required": param.required,
                                 "schema": param.schema}
    if param.description:
        described["description"] = param.description
    if param.repeated:  # several values as the same name repeated: ambito=a&ambito=b
        described |= {"style": "form", "explode": True}
    return described


def _operation(doc: RouteDoc, path: str, components: dict[str, Any]) -> dict[str, Any]:
    operation: dict[str, Any] = {"summary": doc.summary, "tags": [doc.tag], "responses": {}}
    params = [{"name": n, "in": "path", "required": True, "schema": {"type": "string"}}
              for n in re.findall(r"{(\w+)}", path)]
    params += [_query_parameter(q) for q in doc.query]
    if params:
        operation["parameters"] = params
    if doc.request is not None:
        operation["requestBody"] = {"required": True, "content": {
            "application/json": {"schema": _schema_ref(doc.request, components)}}}
    success: dict[str, Any] = {"description": "OK"}
    if doc.content_type != "application/json":  # a file; `response`, if any, is its JSON alternative
        success["content"] = {doc.content_type: {"schema": {"type": "string"}}}
    if doc.response is not None:
        success.setdefault("content", {})["application/json"] = {"schema": _schema_ref(doc.response, components)}
    operation["responses"][str(doc.status)] = success
    errors = set(doc.errors)
    if doc.query:
        errors |= {400}  # a single-value parameter sent twice
    if doc.request is not None:
        errors |= {400, 422}
    if doc.access is not None:
        operation["security"] = [{"bearer": []}]
        errors |= {401, 403}
    for status in sorted(errors):
        operation["responses"][str(status)] = {
            "description": _STATUS_TEXT.get(status, "Error"),
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
    return operation


def build_openapi(app) -> dict[str, Any]:
    components: dict[str, Any] = {"Error": ERROR_SCHEMA}
    paths: dict[str, Any] = {}
    for path, methods in sorted(app.routes.items()):
        for method, entry in sorted(methods.items()):
            doc = getattr(entry.view_function, "route_doc", None)
            if doc is None:
                continue  # a route without a RouteDoc is caught by tests/api/test_openapi.py
            paths.setdefault(path, {})[method.lower()] = _operation(doc, path, components)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Oficina Virtual EPS — API", "version": "1.0.0",
                 "description": "Portal de autoservicio para prestadores (IPS) y afiliados."},
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
        },
    }
