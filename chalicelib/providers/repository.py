"""Reads of the provider registry needed by other contexts."""

from __future__ import annotations

from collections.abc import Iterable

from chalicelib.providers.models import ProviderRecord


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
