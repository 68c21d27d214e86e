"""Persistence of the Indicadores: the only module that reads authorizations and indicator_aggregates.

Recomputing a month reads that month's authorisations of one provider (a Query on the key prefix
"YYYY-MM-"); answering a year reads at most 12 × sucursales × 4 ámbitos × 12 grupos small cells.
"""

from __future__ import annotations

from collections.abc import Iterator

from chalicelib.indicators.aggregation import AuthorizationFacts, CellKey, Counts
from chalicelib.indicators.models import Authorization, IndicatorCell

_FACTS = ["sucursal", "ambito", "grupo_servicio", "fecha_generacion", "fecha_utilizacion"]


class IndicatorRepository:
    def authorizations_of_month(self, provider_id: str, month: str) -> Iterator[AuthorizationFacts]:
        for a in Authorization.query(provider_id, Authorization.authorization_key.startswith(f"{month}-"),
                                     attributes_to_get=_FACTS):
            yield AuthorizationFacts(a.sucursal, a.ambito, a.grupo_servicio, a.fecha_generacion,
                                     a.fecha_utilizacion)

    def replace_month(self, provider_id: str, month: str, cells: dict[CellKey, Counts]) -> None:
        """The month's cells become exactly `cells` (a combination no longer present is deleted)."""
        stale = {c.cell_key for c in IndicatorCell.query(provider_id, IndicatorCell.cell_key.startswith(f"{month}#"),
                                                         attributes_to_get=["provider_id", "cell_key"])}
        with IndicatorCell.batch_write() as batch:
            for key, counts in cells.items():
                encoded = key.encode()
                stale.discard(encoded)
                batch.save(IndicatorCell(provider_id, encoded, directed=counts.directed, used=counts.used,
                                         days_to_use=counts.days_to_use))
            for encoded in stale:
                batch.delete(IndicatorCell(provider_id, encoded))

    def cells_of_year(self, provider_id: str, year: int) -> Iterator[tuple[CellKey, Counts]]:
        condition = IndicatorCell.cell_key.between(f"{year:04d}-01", f"{year:04d}-12#\uffff")
        for cell in IndicatorCell.query(provider_id, condition):
            yield CellKey.decode(cell.cell_key), Counts(int(cell.directed), int(cell.used), int(cell.days_to_use))
