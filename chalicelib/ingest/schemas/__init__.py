"""Registry of ingestion entities. Adding an entity = adding a module here that defines SCHEMA."""

from __future__ import annotations

import importlib
import pkgutil

from chalicelib.ingest.schema import EntitySchema


class UnknownEntity(KeyError):
    pass


def _discover() -> dict[str, EntitySchema]:
    found = []
    for module_info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        found.append(module.SCHEMA)
    return {s.name: s for s in sorted(found, key=lambda s: (s.load_order, s.name))}


SCHEMAS: dict[str, EntitySchema] = _discover()


def get_schema(entity: str) -> EntitySchema:
    try:
        return SCHEMAS[entity]
    except KeyError:
        raise UnknownEntity(f"Entidad desconocida: {entity!r}; use una de: {', '.join(SCHEMAS)}") from None
