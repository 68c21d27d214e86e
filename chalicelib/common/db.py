"""PynamoDB table binding: models declare a logical table name; the stage decides the real one.

Models are bound once at start-up (Lambda cold start, local stack, tests) so that nothing reads the
environment at import time and the same classes serve every stage.
"""

from __future__ import annotations

from dataclasses import fields, make_dataclass
from operator import attrgetter

from pynamodb.models import Model

_REGISTRY: dict[str, type[Model]] = {}


def table(logical_name: str):
    """Class decorator: register a model under the logical table name used in infra/resources.yml."""

    def register(model: type[Model]) -> type[Model]:
        _REGISTRY[logical_name] = model
        model.Meta.table_name = logical_name
        return model

    return register


def registered_models() -> dict[str, type[Model]]:
    return dict(_REGISTRY)


def bind_tables(table_prefix: str, region: str, endpoint_url: str | None = None) -> None:
    for logical_name, model in _REGISTRY.items():
        model.Meta.table_name = f"{table_prefix}{logical_name}"
        model.Meta.region = region
        model.Meta.host = endpoint_url
        model._connection = None  # drop a connection made with the previous binding


def plain(cls):
    """Record → `cls` (a frozen dataclass of the same attribute names): what a repository hands out, so no
    PynamoDB record (saveable, mutable, bound to a table) reaches services or API schemas."""
    values = attrgetter(*(f.name for f in fields(cls)))  # one C call per record: a detail file maps 50,000
    if len(fields(cls)) == 1:
        return lambda record: cls(values(record))
    return lambda record: cls(*values(record))


def record_of(model: type[Model], value) -> Model:
    """`value` (a frozen dataclass of the model's attribute names, as `plain()` hands out) → a record to write."""
    return model(**{f.name: getattr(value, f.name) for f in fields(value)})


def frozen_type(name: str, model: type[Model]) -> type:
    """A frozen slots dataclass with the model's attribute names, for `plain()`: the repository's value of a record
    of many attributes, kept in step with its model without copying the names out."""
    return make_dataclass(name, list(model.get_attributes()), frozen=True, slots=True)
