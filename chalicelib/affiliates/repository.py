"""Persistence of the affiliates' data: the only module that reads or writes the affiliates' tables.

- Ingestion stores raw items (put_*: BatchWriteItem through common/dynamo_items), each affiliate stamped with the
  load's Bogotá date (`extract_date`) and its opaque `ref`.
- The services read plain values (affiliates/types.py) through `AffiliateDirectory` and record portal edits
  through `Novedades` (affiliates/ports.py); the affiliate's contact is the extract's with the still-pending
  novedades laid over it (affiliates/novedades.py).
- A family's people, novedades and pending documents are BatchGetItem reads (one request per 100 people), so the
  home page's requests do not grow with the family.
- The IPS network is the provider registry's sucursales (providers/repository.py owns that table); the primary IPS
  of a municipio come from its stored view (providers/primary_network.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, date, datetime
from typing import Any, Protocol

from pynamodb.transactions import TransactWrite

from chalicelib.affiliates.models import (
    CONTACT_ATTRIBUTES,
    AffiliateRecord,
    ContactEdit,
    FamilyLinkRecord,
    NovedadesRecord,
    PacPlanRecord,
    PendingDocumentsRecord,
)
from chalicelib.affiliates.novedades import is_pending, with_pending
from chalicelib.affiliates.refs import ref_maker
from chalicelib.affiliates.types import (
    Affiliate,
    Contact,
    FamilyLink,
    IpsSite,
    PacPlan,
    PendingDocument,
    PendingNovedad,
    TipoAfiliado,
    TipoCotizante,
)
from chalicelib.common import clock
from chalicelib.common.aws import client
from chalicelib.common.dynamo_items import put_items, strings
from chalicelib.providers.primary_network import PrimaryIpsNetwork
from chalicelib.providers.repository import SucursalSite

Edits = list[tuple[datetime, Contact]]

_AFFILIATE_TEXT = ("doc_type", "doc_number", "primer_nombre", "segundo_nombre", "primer_apellido",
                   "segundo_apellido", "fecha_nacimiento", "genero", "regimen", "tipo_afiliado", "tipo_cotizante",
                   "estado_afiliacion", "derecho", "rango_salarial", "fecha_afiliacion", "ips_nit", "ips_sucursal",
                   *CONTACT_ATTRIBUTES)
_FAMILY_TEXT = ("parentesco", "fecha_inicio", "fecha_fin")
_PAC_TEXT = ("plan", "titular", "vigencia_desde", "vigencia_hasta", "estado")
_EXPORT_PAGE = 100  # novedades items per Scan page: one BatchGetItem of their people's extract dates


class IpsNetwork(Protocol):
    """The provider registry's sucursales (providers/primary_network.py's PrimaryIpsNetwork)."""

    def sites(self, keys: Iterable[tuple[str, str]]) -> Mapping[tuple[str, str], SucursalSite]: ...

    def primary_sites_in(self, departamento: str, ciudad: str) -> list[SucursalSite]: ...


class AffiliateRepository:
    """AffiliateDirectory + Novedades on DynamoDB, and the raw writes of the affiliates' extracts."""

    def __init__(self, network: IpsNetwork | None = None, dynamodb=None,
                 refs: Callable[[], Callable[[str], str]] = ref_maker,
                 today: Callable[[], date] = lambda: clock.now().date()):
        self._network, self._client, self._refs, self._today = network or PrimaryIpsNetwork(), dynamodb, refs, today

    def _db(self):
        return self._client or client("dynamodb")

    # --- writes of the EPS's extracts ------------------------------------------------------------
    def put_affiliates(self, rows: Iterable[Mapping[str, Any]]) -> int:
        """Affiliates from typed `afiliados` rows (identity, doc_type, …): whole items, replaced by identity."""
        ref_of, extract_date = self._refs(), self._today().isoformat()
        items = {}
        for row in rows:
            identity = row["identity"]
            item = strings({"identity": {"S": identity}, "ref": {"S": ref_of(identity)},
                            "extract_date": {"S": extract_date}}, row, _AFFILIATE_TEXT)
            item["recien_nacido"] = {"BOOL": row["recien_nacido"] == "S"}
            items[identity] = item
        return put_items(self._db(), AffiliateRecord.Meta.table_name, items.values())

    def put_family_links(self, rows: Iterable[Mapping[str, Any]]) -> int:
        items = {(row["cotizante"], row["beneficiario"]): strings(
            {"cotizante": {"S": row["cotizante"]}, "beneficiario": {"S": row["beneficiario"]}}, row, _FAMILY_TEXT)
            for row in rows}
        return put_items(self._db(), FamilyLinkRecord.Meta.table_name, items.values())

    def put_pac_plans(self, rows: Iterable[Mapping[str, Any]]) -> int:
        items = {(row["identity"], row["contrato"]): strings(
            {"affiliate": {"S": row["identity"]}, "contrato": {"S": row["contrato"]}}, row, _PAC_TEXT)
            for row in rows}
        return put_items(self._db(), PacPlanRecord.Meta.table_name, items.values())

    def put_pending_documents(self, records: Iterable[Mapping[str, Any]]) -> int:
        """One item per person (identity, documents: [{tipo_soporte, fecha}]), replaced whole."""
        items = {record["identity"]: {
            "affiliate": {"S": record["identity"]},
            "documents": {"L": [{"M": strings({}, d, ("tipo_soporte", "fecha"))} for d in record["documents"]]}}
            for record in records}
        return put_items(self._db(), PendingDocumentsRecord.Meta.table_name, items.values())

    # --- AffiliateDirectory ------------------------------------------------------------------------
    def find(self, identity: str) -> Affiliate | None:
        return self.many([identity]).get(identity)

    def find_by_ref(self, ref: str) -> Affiliate | None:
        record = next(iter(AffiliateRecord.by_ref.query(ref, limit=1)), None)
        if record is None:
            return None
        return with_pending(_affiliate(record), self._edits([record.identity]).get(record.identity, []))

    def many(self, identities: Iterable[str]) -> Mapping[str, Affiliate]:
        wanted = sorted(set(identities))
        if not wanted:
            return {}
        found = {r.identity: _affiliate(r) for r in AffiliateRecord.batch_get(wanted)}
        edits = self._edits(list(found))
        return {identity: with_pending(person, edits.get(identity, [])) for identity, person in found.items()}

    def family_of(self, cotizante: str) -> list[FamilyLink]:
        return [_link(r) for r in FamilyLinkRecord.query(cotizante)]

    def cotizantes_of(self, beneficiario: str) -> list[FamilyLink]:
        return [_link(r) for r in FamilyLinkRecord.by_beneficiario.query(beneficiario)]

    def pac_plans_of(self, identity: str) -> list[PacPlan]:
        return [PacPlan(r.affiliate, r.plan, r.contrato, r.titular, date.fromisoformat(r.vigencia_desde),
                        _date(r.vigencia_hasta), r.estado) for r in PacPlanRecord.query(identity)]

    def pending_documents_of(self, identities: Iterable[str]) -> list[PendingDocument]:
        wanted = sorted(set(identities))
        if not wanted:
            return []
        found = [PendingDocument(r.affiliate, d.tipo_soporte, date.fromisoformat(d.fecha))
                 for r in PendingDocumentsRecord.batch_get(wanted) for d in r.documents]
        return sorted(found, key=lambda d: (d.affiliate, d.fecha, d.tipo_soporte))

    def ips_site(self, nit: str, sucursal: str) -> IpsSite | None:
        return self.ips_sites([(nit, sucursal)]).get((nit, sucursal))

    def ips_sites(self, keys: Iterable[tuple[str, str]]) -> Mapping[tuple[str, str], IpsSite]:
        return {key: _site(site) for key, site in self._network.sites(keys).items()}

    def primary_ips_in(self, departamento: str, municipio: str) -> list[IpsSite]:
        return [_site(site) for site in self._network.primary_sites_in(departamento, municipio)]

    # --- Novedades ---------------------------------------------------------------------------------
    def record(self, identities: Iterable[str], contact: Contact, *, at: datetime, channel: str) -> str:
        """One novedad for every person given (self and minors edited at once): all recorded or none; at most 100
        people (DynamoDB's items per transaction)."""
        who = sorted(set(identities))
        if not who:
            raise ValueError("a novedad names at least one person")
        novedad_id = uuid.uuid4().hex
        edit = ContactEdit(novedad_id=novedad_id, at=at.astimezone(UTC).isoformat(), channel=channel,
                           **{name: getattr(contact, name) for name in CONTACT_ATTRIBUTES})
        edits = NovedadesRecord.edits
        with TransactWrite(connection=NovedadesRecord._get_connection().connection) as tx:
            for identity in who:
                tx.update(NovedadesRecord(identity), actions=[edits.set((edits | []).append([edit]))])
        return novedad_id

    def pending_for(self, identities: Iterable[str]) -> Mapping[str, Edits]:
        wanted = sorted(set(identities))
        if not wanted:
            return {}
        extract_dates = self._extract_dates(wanted)
        found = {}
        for identity, edits in self._edits(wanted).items():
            pending = [(at, c) for at, c in edits if is_pending(at, extract_dates.get(identity))]
            if pending:
                found[identity] = pending
        return found

    def every_pending(self) -> Iterator[PendingNovedad]:
        """A Scan of the novedades, page by page, each page's people's extract dates in one BatchGetItem per 100:
        memory holds one page, whatever the number of novedades."""
        records = NovedadesRecord.scan(page_size=_EXPORT_PAGE)
        while page := [record for _, record in zip(range(_EXPORT_PAGE), records, strict=False)]:
            extract_dates = self._extract_dates([r.identity for r in page])
            for record in page:
                for edit in record.edits:
                    at = datetime.fromisoformat(edit.at)
                    if is_pending(at, extract_dates.get(record.identity)):
                        yield PendingNovedad(edit.novedad_id, record.identity, at, edit.channel, _contact(edit))

    @staticmethod
    def _extract_dates(identities: list[str]) -> dict[str, date]:
        return {r.identity: date.fromisoformat(r.extract_date) for r in AffiliateRecord.batch_get(
            sorted(set(identities)), attributes_to_get=["identity", "extract_date"])}

    def _edits(self, identities: list[str]) -> dict[str, Edits]:
        if not identities:
            return {}
        return {r.identity: sorted(((datetime.fromisoformat(e.at), _contact(e)) for e in r.edits),
                                   key=lambda pair: pair[0])
                for r in NovedadesRecord.batch_get(sorted(identities))}


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _contact(record: AffiliateRecord | ContactEdit) -> Contact:
    return Contact(**{name: getattr(record, name) for name in CONTACT_ATTRIBUTES})


def _affiliate(r: AffiliateRecord) -> Affiliate:
    return Affiliate(
        identity=r.identity, ref=r.ref, doc_type=r.doc_type, doc_number=r.doc_number, primer_nombre=r.primer_nombre,
        segundo_nombre=r.segundo_nombre, primer_apellido=r.primer_apellido, segundo_apellido=r.segundo_apellido,
        fecha_nacimiento=date.fromisoformat(r.fecha_nacimiento), genero=r.genero, regimen=r.regimen,
        tipo_afiliado=TipoAfiliado(r.tipo_afiliado),
        tipo_cotizante=TipoCotizante(r.tipo_cotizante) if r.tipo_cotizante else None,
        estado_afiliacion=r.estado_afiliacion, derecho=r.derecho, rango_salarial=r.rango_salarial,
        recien_nacido=bool(r.recien_nacido), fecha_afiliacion=_date(r.fecha_afiliacion), ips_primaria_nit=r.ips_nit,
        ips_primaria_sucursal=r.ips_sucursal, contact=_contact(r), extract_date=date.fromisoformat(r.extract_date))


def _link(r: FamilyLinkRecord) -> FamilyLink:
    return FamilyLink(r.cotizante, r.beneficiario, r.parentesco, date.fromisoformat(r.fecha_inicio),
                      _date(r.fecha_fin))


def _site(site: SucursalSite) -> IpsSite:
    return IpsSite(nit=site.nit, sucursal=site.code, name=f"{site.razon_social} - {site.name}",
                   direccion=site.direccion, telefono=site.telefono, departamento=site.departamento,
                   municipio=site.ciudad, ips_primaria=site.ips_primaria)
