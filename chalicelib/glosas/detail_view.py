"""A provider's glosa details view: what a response load matches each line of its file against (DetailToMatch),
by conciliation, stored as one object (chalicelib/common/stored_views.py) so a load of 50,000 lines reads one
object instead of 50,000 items (botocore parsed them in ~1 s of CPU, docs/benchmarks.md).

Built by ingestion's derive step after a glosas load (chalicelib/ingest/derive.py); every write of the provider's
details counts its changes (GlosaRepository.put_batch), and a load reads the tables whenever the view is missing or
older than the latest change. The answers recorded in the portal are not in the view: a load reads them apart.

The view: {conciliación: [[detail_key, invoice_key, numero_factura, consecutivo_detalle, valor_glosa_aplicada,
fecha_notificacion_glosa, answered_in_extract], …]}.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import repeat

from chalicelib.common.stored_views import ProviderViews, ViewStore
from chalicelib.glosas.repository import MATCHING, DetailToMatch, GlosaRepository, detail_to_match

VIEW_PREFIX = "vistas/glosas/"


class GlosaViewStore(ViewStore):
    """The providers' glosa details views under `vistas/glosas/`, the only module that reads or writes that prefix."""

    def __init__(self, s3=None, bucket: str | None = None):
        super().__init__(VIEW_PREFIX, s3, bucket)


class GlosaDetailViews(ProviderViews):
    def __init__(self, glosas: GlosaRepository, store: GlosaViewStore):
        super().__init__(glosas, store, self._view)
        self._glosas = glosas

    def _view(self, provider_id: str) -> dict[str, list]:
        view: defaultdict[str, list] = defaultdict(list)
        for items, _ in self._glosas.detail_pages(provider_id, MATCHING):
            for item in items:
                detail = detail_to_match(item)
                view[detail.detail_key.split("#", 1)[0]].append(list(detail))
        return view

    def matching_details(self, provider_id: str, conciliations: Iterable[str]) -> Iterator[tuple[str, DetailToMatch]]:
        """(conciliación, detail) of the conciliations' details: from the view when it is fresh, else the tables."""
        view = self.fresh(provider_id)
        for conciliation in sorted(conciliations):
            if view is None:
                yield from ((conciliation, d) for d in self._glosas.matching_details(provider_id, conciliation))
            else:
                yield from zip(repeat(conciliation), map(DetailToMatch._make, view.get(conciliation, ())))

