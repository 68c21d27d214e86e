"""Persistence of glosas: the only module that reads glosa_details and glosa_responses.

Every read is a Query on one provider's keys (by conciliation: the detail key's prefix; by notification
date: the by_notification_date index; by invoice: the by_invoice index) or a BatchGetItem of responses.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice

from chalicelib.glosas.models import GlosaDetail, GlosaResponse

_BATCH_GET = 100
_MATCHING = ("provider_id", "detail_key", "invoice_key", "numero_factura", "consecutivo_detalle", "nit",
             "valor_glosa_aplicada", "fecha_notificacion_glosa", "consecutivo_conciliacion")


class GlosaRepository:
    def details_of_conciliation(self, provider_id: str, conciliation: str) -> Iterator[GlosaDetail]:
        return GlosaDetail.query(provider_id, GlosaDetail.detail_key.startswith(f"{conciliation}#"))

    def details_notified_between(self, provider_id: str, start: date, end: date) -> Iterator[GlosaDetail]:
        condition = GlosaDetail.notification_key.between(start.isoformat(), f"{end.isoformat()}#\uffff")
        return GlosaDetail.by_notification_date.query(provider_id, condition)

    def details_of_invoice(self, provider_id: str, invoice_key: str) -> Iterator[GlosaDetail]:
        return GlosaDetail.by_invoice.query(f"{provider_id}#{invoice_key}")

    def responses(self, provider_id: str, detail_keys: Iterable[str]) -> dict[str, GlosaResponse]:
        found: dict[str, GlosaResponse] = {}
        keys = iter(detail_keys)
        while batch := list(islice(keys, _BATCH_GET)):
            for response in GlosaResponse.batch_get([(provider_id, key) for key in batch]):
                found[response.detail_key] = response
        return found

    def record_response(self, response: GlosaResponse) -> None:
        response.save()

    # --- the response upload: whole conciliations, read once, written in batches ----------------------
    def detail_keys_of_conciliation(self, provider_id: str, conciliation: str) -> Iterator[GlosaDetail]:
        """The details of a conciliation with only what matching and the row rules need."""
        return GlosaDetail.query(provider_id, GlosaDetail.detail_key.startswith(f"{conciliation}#"),
                                 attributes_to_get=list(_MATCHING))

    def responses_of_conciliation(self, provider_id: str, conciliation: str) -> Iterator[GlosaResponse]:
        return GlosaResponse.query(provider_id, GlosaResponse.detail_key.startswith(f"{conciliation}#"),
                                   attributes_to_get=["detail_key", "process_number"])

    def record_responses(self, responses: Iterable[GlosaResponse]) -> int:
        """BatchWriteItem, 25 at a time; a retried load writes the same items again (same keys, same values)."""
        written = 0
        with GlosaResponse.batch_write() as batch:
            for response in responses:
                batch.save(response)
                written += 1
        return written
