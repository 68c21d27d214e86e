"""Reads of the provider registry needed by other contexts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from chalicelib.common.aws import client
from chalicelib.common.dynamo_items import put_items, strings
from chalicelib.common.identifiers import DocumentType, nit_check_digit
from chalicelib.providers.models import ProviderRecord

_SUCURSAL = ("code", "name", "departamento", "ciudad")


def put_batch(records: Iterable[Mapping[str, Any]], dynamodb=None) -> int:
    """Providers from merged records of the providers extract (provider_id, nit, razon_social,
    notification_email, sucursales: [{code, name, departamento, ciudad}]): each replaced whole."""
    items = {}
    for record in records:
        item = {"provider_id": {"S": record["provider_id"]}, "doc_type": {"S": DocumentType.NI.value},
                "doc_number": {"S": record["nit"]}, "check_digit": {"S": nit_check_digit(record["nit"])},
                "razon_social": {"S": record["razon_social"]},
                "sucursales": {"L": [{"M": strings({}, s, _SUCURSAL)} for s in record["sucursales"]]}}
        if record["notification_email"]:
            item["notification_email"] = {"S": record["notification_email"]}
        items[record["provider_id"]] = item
    return put_items(dynamodb or client("dynamodb"), ProviderRecord.Meta.table_name, items.values())


def existing_providers(provider_ids: Iterable[str]) -> set[str]:
    """The subset of provider_ids present in the registry (BatchGetItem, 100 keys per request)."""
    wanted = sorted(set(provider_ids))
    if not wanted:
        return set()
    return {p.provider_id for p in ProviderRecord.batch_get(wanted, attributes_to_get=["provider_id"])}


def names_of(provider_ids: Iterable[str]) -> dict[str, str]:
    """provider_id → razón social of those the registry holds (BatchGetItem)."""
    wanted = sorted(set(provider_ids))
    if not wanted:
        return {}
    return {p.provider_id: p.razon_social
            for p in ProviderRecord.batch_get(wanted, attributes_to_get=["provider_id", "razon_social"])}


def sucursales_of(provider_id: str) -> dict[str, str]:
    """The provider's sucursales, code → name ({} for a provider the registry does not hold)."""
    try:
        record = ProviderRecord.get(provider_id, attributes_to_get=["sucursales"])
    except ProviderRecord.DoesNotExist:
        return {}
    return {s.code: s.name for s in record.sucursales}
