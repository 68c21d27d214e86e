"""Query-string parameters: what each route accepts (the OpenAPI document is written from these declarations),
and the one way a route reads them (every value of a repeated name, which chalice's `query_params` drops)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from chalicelib.common.errors import InvalidInput, InvalidQuery
from chalicelib.common.pagination import MAX_CURSOR_LENGTH
from chalicelib.common.validation import FIELDS_INVALID

DEFAULT_PAGE = 20
MAX_PAGE = 100


@dataclass(frozen=True)
class QueryParam:
    """A query-string parameter and the JSON schema of what the route accepts. An `array` schema is a filter
    that takes several values, as repeated names (`ambito=a&ambito=b`)."""

    name: str
    schema: dict = field(default_factory=lambda: {"type": "string"})
    required: bool = False
    description: str | None = None

    @property
    def repeated(self) -> bool:
        return self.schema.get("type") == "array"


def limit_param(default: int = DEFAULT_PAGE) -> QueryParam:
    return QueryParam("limite", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": default},
                      description="Registros por página")


CURSOR = QueryParam("cursor", {"type": "string", "minLength": 1, "maxLength": MAX_CURSOR_LENGTH},
                    description="El valor `siguiente` de la página anterior, tal cual (opaco)")


def paging(default: int = DEFAULT_PAGE) -> tuple[QueryParam, QueryParam]:
    return limit_param(default), CURSOR


PAGING = paging()
_ISO_DATE = {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}


def date_param(name: str, *, required: bool = False, description: str | None = None) -> QueryParam:
    return QueryParam(name, dict(_ISO_DATE), required=required, description=description)


DATE_RANGE = (date_param("fecha_inicio", required=True, description="AAAA-MM-DD"),
              date_param("fecha_fin", required=True, description="AAAA-MM-DD, a lo sumo 366 días después"))
INVOICE = (QueryParam("prefijo", {"type": "string", "pattern": "^[A-Za-z0-9]{1,4}$"}, required=True,
                      description="Prefijo de la factura (hasta 4 letras o números)"),
           QueryParam("sufijo", {"type": "string", "pattern": "^[0-9]{1,20}$"}, required=True,
                      description="Consecutivo de la factura (solo dígitos)"))


def multi_query(request) -> dict[str, list[str]]:
    """Every value of every name, in the order sent (chalice's `query_params` answers only the last one)."""
    params = request.query_params
    return {name: params.getlist(name) for name in params} if params else {}


def query_of(request, declared: Iterable[QueryParam]) -> dict[str, str | list[str]]:
    """The route's declared parameters: a list for a filter of several values, else the one value. A single-
    value parameter sent twice is refused (keeping one of them would answer a question nobody asked)."""
    sent = multi_query(request)
    values: dict[str, str | list[str]] = {}
    twice = []
    for param in declared:
        if param.name not in sent:
            continue
        given = sent[param.name]
        if param.repeated:
            values[param.name] = given
        elif len(given) > 1:
            twice.append(param.name)
        else:
            values[param.name] = given[0]
    if twice:
        raise InvalidQuery(FIELDS_INVALID, details=[{"campo": name, "mensaje": "Envíe un solo valor"}
                                                    for name in twice])
    return values


def page_params(request, default: int = DEFAULT_PAGE) -> tuple[int, str | None]:
    params = request.query_params or {}
    raw = params.get("limite", str(default))
    if not re.fullmatch(r"[0-9]{1,3}", raw) or not 1 <= int(raw) <= MAX_PAGE:
        raise InvalidInput(FIELDS_INVALID, details=[
            {"campo": "limite", "mensaje": f"Debe ser un número entre 1 y {MAX_PAGE}"}])
    return int(raw), params.get("cursor") or None
