"""Persistence of the Indicadores: the only module that reads authorizations and indicator_aggregates.

Recomputing a month reads that month's authorisations of one provider (a Query on the key prefix
"YYYY-MM-"); answering a year reads 12 × sucursales small items (one per month and sucursal).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from chalicelib.common.aws import client
from chalicelib.common.dynamo_items import put_items, strings
from chalicelib.indicators.aggregation import AuthorizationFacts, CellKey, Counts
from chalicelib.indicators.models import Authorization, IndicatorCell

_FACTS = ["sucursal", "ambito", "grupo_servicio", "fecha_generacion", "fecha_utilizacion"]


_STORED = ("numero_ops", "sucursal", "ambito", "grupo_servicio", "fecha_generacion", "fecha_utilizacion")


def authorization_key(row: Mapping[str, Any]) -> str:
    return f"{row['fecha_generacion']}#{row['numero_ops']}"


class IndicatorRepository:
    def __init__(self, dynamodb=None):
        self._client = dynamodb

    def put_batch(self, rows: Iterable[Mapping[str, Any]]) -> int:
        """Authorisations from typed rows of the authorisations extract, replaced by key; returns items put."""
        items = {}
        for row in rows:
            key = authorization_key(row)
            items[row["provider_id"], key] = strings(
                {"provider_id": {"S": row["provider_id"]}, "authorization_key": {"S": key}}, row, _STORED)
        return put_items(self._client or client("dynamodb"), Authorization.Meta.table_name, items.values())

    def authorizations_of_month(self, provider_id: str, month: str) -> Iterator[AuthorizationFacts]:
        for a in Authorization.query(provider_id, Authorization.authorization_key.startswith(f"{month}-"),
                                     attributes_to_get=_FACTS):
            yield AuthorizationFacts(a.sucursal, a.ambito, a.grupo_servicio, a.fecha_generacion,
                                     a.fecha_utilizacion)

    def replace_month(self, provider_id: str, month: str, cells: dict[CellKey, Counts]) -> None:
        """The month's counts become exactly `cells` (a sucursal no longer present is deleted)."""
        by_sucursal: dict[str, dict[str, list[int]]] = {}
        for key, c in cells.items():
            by_sucursal.setdefault(key.sucursal, {})[f"{key.ambito}#{key.grupo}"] = [c.directed, c.used,
                                                                                     c.days_to_use]
        stale = {c.cell_key for c in IndicatorCell.query(provider_id, IndicatorCell.cell_key.startswith(f"{month}#"),
                                                         attributes_to_get=["provider_id", "cell_key"])}
        with IndicatorCell.batch_write() as batch:
            for sucursal, counts in by_sucursal.items():
                cell_key = f"{month}#{sucursal}"
                stale.discard(cell_key)
                batch.save(IndicatorCell(provider_id, cell_key, counts=json.dumps(counts, separators=(",", ":"))))
            for cell_key in stale:
                batch.delete(IndicatorCell(provider_id, cell_key))

    def cells_of_year(self, provider_id: str, year: int) -> Iterator[tuple[CellKey, Counts]]:
        condition = IndicatorCell.cell_key.between(f"{year:04d}-01", f"{year:04d}-12#\uffff")
        for cell in IndicatorCell.query(provider_id, condition):
            month, sucursal = cell.cell_key.split("#", 1)
            for combination, (directed, used, days) in json.loads(cell.counts).items():
                ambito, grupo = combination.split("#", 1)
                yield CellKey(month, sucursal, ambito, grupo), Counts(directed, used, days)
