"""In-memory stand-in of the affiliates' data (AffiliateDirectory + Novedades): the affiliate services' unit tests
run on it, with no moto and no AWS. Same rules as the repository: novedades laid over the extract while pending
(chalicelib.affiliates.novedades), current family links only as stored (callers filter by date), refs opaque.

    directory = FakeAffiliateDirectory()
    cotizante = directory.add(affiliate("CC", "1032456789"))
    hijo = directory.add(affiliate("TI", "1107000111", fecha_nacimiento=date(2015, 5, 2),
                                   tipo_afiliado=TipoAfiliado.BENEFICIARIO))
    directory.link(cotizante, hijo, "HIJO")
"""

from __future__ import annotations

import base64
import hashlib
import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, datetime

from chalicelib.affiliates.novedades import is_pending, with_pending
from chalicelib.affiliates.types import (
    Affiliate,
    Contact,
    FamilyLink,
    IpsSite,
    PacPlan,
    PendingDocument,
    TipoAfiliado,
    TipoCotizante,
)
from chalicelib.common.identifiers import identity_key

EXTRACT_DATE = date(2026, 3, 1)


def fake_ref(identity: str) -> str:
    """Opaque and stable like the real ref (no document digits), without the signing key."""
    return base64.urlsafe_b64encode(hashlib.sha256(b"fake-ref:" + identity.encode()).digest()[:16]).decode().rstrip("=")


def affiliate(doc_type: str = "CC", doc_number: str = "1032456789", **overrides) -> Affiliate:
    """An affiliate as an extract would describe it; any field can be overridden (contact=Contact(...) too)."""
    identity = identity_key(doc_type, doc_number)
    values = dict(
        identity=identity, ref=fake_ref(identity), doc_type=doc_type, doc_number=doc_number,
        primer_nombre="LUIS", segundo_nombre="FERNANDO", primer_apellido="GÓMEZ", segundo_apellido="RUIZ",
        fecha_nacimiento=date(1977, 1, 23), genero="M", regimen="CONTRIBUTIVO",
        tipo_afiliado=TipoAfiliado.COTIZANTE, tipo_cotizante=TipoCotizante.DEPENDIENTE, estado_afiliacion="ACTIVO",
        derecho="PLENO", rango_salarial="A", recien_nacido=False, fecha_afiliacion=date(2010, 2, 1),
        ips_primaria_nit="900123456", ips_primaria_sucursal="001",
        contact=Contact(correo="luis.gomez@correo.example.co", celular="3104567890",
                        direccion_residencia="CALLE 5 # 38-25", departamento_residencia="Valle del Cauca",
                        ciudad_residencia="Cali", barrio="SAN FERNANDO"),
        extract_date=EXTRACT_DATE,
    )
    if overrides.get("tipo_afiliado") == TipoAfiliado.BENEFICIARIO:
        values["tipo_cotizante"] = None
    values.update(overrides)
    return Affiliate(**values)


def ips_site(nit: str = "900123456", sucursal: str = "001", **overrides) -> IpsSite:
    values = dict(nit=nit, sucursal=sucursal, name="COMFANDI EL PRADO", direccion="CARRERA 1 # 10-20",
                  telefono="6024898686", departamento="Valle del Cauca", municipio="Cali", ips_primaria=True)
    values.update(overrides)
    return IpsSite(**values)


class FakeAffiliateDirectory:
    """AffiliateDirectory and Novedades in memory; `requests` counts the store round trips the real one makes
    (one per call, one per 100 keys of a batch read) so a test can check a page's requests stay constant."""

    def __init__(self):
        self.affiliates: dict[str, Affiliate] = {}
        self.links: list[FamilyLink] = []
        self.plans: list[PacPlan] = []
        self.documents: list[PendingDocument] = []
        self.sites: dict[tuple[str, str], IpsSite] = {}
        self.novedades: dict[str, list[tuple[datetime, Contact]]] = defaultdict(list)
        self.recorded: list[dict] = []  # each novedad as recorded: id, identities, contact, at, channel
        self.requests = 0
        self._ids = itertools.count(1)

    # test data
    def add(self, *people: Affiliate) -> Affiliate:
        for person in people:
            self.affiliates[person.identity] = person
        return people[-1]

    def link(self, cotizante: Affiliate | str, beneficiario: Affiliate | str, parentesco: str = "HIJO",
             fecha_inicio: date = date(2015, 1, 1), fecha_fin: date | None = None) -> FamilyLink:
        found = FamilyLink(_identity(cotizante), _identity(beneficiario), parentesco, fecha_inicio, fecha_fin)
        self.links.append(found)
        return found

    def add_plan(self, plan: PacPlan) -> None:
        self.plans.append(plan)

    def add_document(self, document: PendingDocument) -> None:
        self.documents.append(document)

    def add_site(self, *sites: IpsSite) -> None:
        for site in sites:
            self.sites[(site.nit, site.sucursal)] = site

    def load_extract(self, person: Affiliate, extract_date: date) -> Affiliate:
        """A newer (or older) extract of the person arrives, as ingestion would write it."""
        return self.add(replace(person, extract_date=extract_date))

    # AffiliateDirectory
    def find(self, identity: str) -> Affiliate | None:
        self.requests += 1
        return self._shown(identity)

    def find_by_ref(self, ref: str) -> Affiliate | None:
        self.requests += 1
        return next((self._shown(i) for i, a in self.affiliates.items() if a.ref == ref), None)

    def many(self, identities: Iterable[str]) -> Mapping[str, Affiliate]:
        wanted = list(dict.fromkeys(identities))
        self.requests += -(-len(wanted) // 100) + (1 if wanted else 0)  # BatchGet of people + of novedades
        return {i: shown for i in wanted if (shown := self._shown(i))}

    def family_of(self, cotizante: str) -> list[FamilyLink]:
        self.requests += 1
        return [link for link in self.links if link.cotizante == cotizante]

    def cotizantes_of(self, beneficiario: str) -> list[FamilyLink]:
        self.requests += 1
        return [link for link in self.links if link.beneficiario == beneficiario]

    def pac_plans_of(self, identity: str) -> list[PacPlan]:
        self.requests += 1
        return [plan for plan in self.plans if plan.affiliate == identity]

    def pending_documents_of(self, identities: Iterable[str]) -> list[PendingDocument]:
        wanted = set(identities)
        self.requests += 1
        return [document for document in self.documents if document.affiliate in wanted]

    def ips_site(self, nit: str, sucursal: str) -> IpsSite | None:
        self.requests += 1
        return self.sites.get((nit, sucursal))

    def ips_sites(self, keys: Iterable[tuple[str, str]]) -> Mapping[tuple[str, str], IpsSite]:
        self.requests += 1
        return {key: self.sites[key] for key in keys if key in self.sites}

    def primary_ips_in(self, departamento: str, municipio: str) -> list[IpsSite]:
        self.requests += 1
        return [s for s in self.sites.values()
                if s.ips_primaria and s.departamento == departamento and s.municipio == municipio]

    # Novedades
    def record(self, identities: Iterable[str], contact: Contact, *, at: datetime, channel: str) -> str:
        novedad_id = f"nov-{next(self._ids)}"
        who = list(identities)
        for identity in who:
            self.novedades[identity].append((at, contact))
        self.recorded.append({"id": novedad_id, "identities": who, "contact": contact, "at": at, "channel": channel})
        return novedad_id

    def pending_for(self, identities: Iterable[str]) -> Mapping[str, list[tuple[datetime, Contact]]]:
        found = {}
        for identity in identities:
            person = self.affiliates.get(identity)
            pending = [(at, c) for at, c in self.novedades.get(identity, [])
                       if is_pending(at, person.extract_date if person else None)]
            if pending:
                found[identity] = sorted(pending, key=lambda pair: pair[0])
        return found

    def _shown(self, identity: str) -> Affiliate | None:
        person = self.affiliates.get(identity)
        return with_pending(person, self.novedades.get(identity, [])) if person else None


def _identity(who: Affiliate | str) -> str:
    return who if isinstance(who, str) else who.identity
