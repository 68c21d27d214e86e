"""The affiliates' values as the portal shows them: contact data, pending novedades, IPS sites, masked documents."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from datetime import datetime

from chalicelib.affiliates.schemas import ContactView, IpsView, PendingChangeView
from chalicelib.affiliates.types import Affiliate, Contact, IpsSite


def contact_view(contact: Contact) -> ContactView:
    return ContactView(**asdict(contact))


def pending_views(changes: Iterable[tuple[datetime, Contact]]) -> list[PendingChangeView]:
    return [PendingChangeView(fecha=at, campos={k: v for k, v in asdict(change).items() if v is not None})
            for at, change in sorted(changes, key=lambda item: item[0])]


def ips_view(site: IpsSite | None) -> IpsView | None:
    if site is None:
        return None
    return IpsView(nit=site.nit, sucursal=site.sucursal, nombre=site.name, direccion=site.direccion,
                   telefono=site.telefono, municipio=site.municipio)


def ips_key_of(person: Affiliate) -> tuple[str, str] | None:
    if person.ips_primaria_nit and person.ips_primaria_sucursal:
        return person.ips_primaria_nit, person.ips_primaria_sucursal
    return None


def masked_number(number: str) -> str:
    """An adult's document in the family summary: enough to tell members apart, not to be reused."""
    return "*" * max(len(number) - 4, 0) + number[-4:]


def masked_email(address: str) -> str:
    """Where a link went, recognisable to its owner ("an***@correo.co")."""
    local, _, domain = address.partition("@")
    return f"{local[:2]}***@{domain}"
