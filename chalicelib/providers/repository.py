"""Reads of the provider registry needed by other contexts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pynamodb.exceptions import DoesNotExist

from chalicelib.common.aws import client
from chalicelib.common.db import frozen_type, plain
from chalicelib.common.dynamo_items import put_items, strings
from chalicelib.common.identifiers import DocumentType, nit_check_digit
from chalicelib.providers.models import ProviderRecord, Sucursal

_SITE_ATTRIBUTES = ["provider_id", "doc_number", "razon_social", "sucursales"]


@dataclass(frozen=True, slots=True)
class SucursalSite:
    """A sucursal with what the affiliates' portal shows of it (the IPS network)."""

    nit: str  # without check digit
    code: str
    razon_social: str
    name: str
    direccion: str | None
    telefono: str | None
    departamento: str | None
    ciudad: str | None  # the municipio
    ips_primaria: bool

_SUCURSAL = ("code", "name", "departamento", "ciudad", "direccion", "telefono")


def put_batch(records: Iterable[Mapping[str, Any]], dynamodb=None) -> int:
    """Providers from merged records of the providers extract (provider_id, nit, razon_social,
    notification_email, sucursales: [{code, name, departamento, ciudad, direccion, telefono, ips_primaria}]):
    each replaced whole."""
    items = {}
    for record in records:
        item = {"provider_id": {"S": record["provider_id"]}, "doc_type": {"S": DocumentType.NI.value},
                "doc_number": {"S": record["nit"]}, "check_digit": {"S": nit_check_digit(record["nit"])},
                "razon_social": {"S": record["razon_social"]},
                "sucursales": {"L": [{"M": _sucursal(s)} for s in record["sucursales"]]}}
        if record["notification_email"]:
            item["notification_email"] = {"S": record["notification_email"]}
        items[record["provider_id"]] = item
    return put_items(dynamodb or client("dynamodb"), ProviderRecord.Meta.table_name, items.values())


def _sucursal(sucursal: Mapping[str, Any]) -> dict:
    item = strings({}, {name: sucursal.get(name) for name in _SUCURSAL}, _SUCURSAL)
    if sucursal.get("ips_primaria"):
        item["ips_primaria"] = {"BOOL": True}
    return item


# A provider as the registry holds it, handed out as a plain frozen value (its sucursales as stored).
Provider = frozen_type("Provider", ProviderRecord)
as_provider = plain(Provider)


def provider(provider_id: str) -> Provider | None:
    """The registry's provider, or None."""
    try:
        return as_provider(ProviderRecord.get(provider_id))
    except DoesNotExist:
        return None


def providers(provider_ids: Iterable[str]) -> dict[str, Provider]:
    """provider_id → provider of those the registry holds (BatchGetItem)."""
    wanted = sorted(set(provider_ids))
    if not wanted:
        return {}
    return {p.provider_id: as_provider(p) for p in ProviderRecord.batch_get(wanted)}


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


def sites(keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], SucursalSite]:
    """(NIT, sucursal code) → its site, for those the registry holds (BatchGetItem of their providers)."""
    wanted = set(keys)
    providers = sorted({identity_of(nit) for nit, _ in wanted})
    if not providers:
        return {}
    found = {}
    for record in ProviderRecord.batch_get(providers, attributes_to_get=_SITE_ATTRIBUTES):
        for site in _sites_of(record):
            if (site.nit, site.code) in wanted:
                found[site.nit, site.code] = site
    return found


def registry_pages(consistent: bool = False) -> Iterator[list[SucursalSite]]:
    """Every sucursal of the registry, one Scan page at a time (a few thousand providers: a few pages). Read by the
    build of the primary IPS view (chalicelib/providers/primary_network.py) and, until it exists, in its place."""
    db, paging = client("dynamodb"), {}
    while True:
        answer = db.scan(TableName=ProviderRecord.Meta.table_name, ConsistentRead=consistent,
                         ProjectionExpression=", ".join(_SITE_ATTRIBUTES), **paging)
        yield [site for item in answer.get("Items", ()) for site in _sites_of(ProviderRecord.from_raw_data(item))]
        if "LastEvaluatedKey" not in answer:
            return
        paging = {"ExclusiveStartKey": answer["LastEvaluatedKey"]}


def identity_of(nit: str) -> str:
    return f"{DocumentType.NI.value}#{nit}"


def _sites_of(record: ProviderRecord) -> Iterator[SucursalSite]:
    for sucursal in record.sucursales:
        yield _site(record, sucursal)


def _site(record: ProviderRecord, sucursal: Sucursal) -> SucursalSite:
    return SucursalSite(record.doc_number, sucursal.code, record.razon_social, sucursal.name, sucursal.direccion,
                        sucursal.telefono, sucursal.departamento, sucursal.ciudad, bool(sucursal.ips_primaria))
