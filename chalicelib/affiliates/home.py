"""The affiliates' home (seed 003 §4): DATOS PERSONALES, PBS, MI GRUPO FAMILIAR and PAC.

Requests to the directory do not grow with the family: the caller and their links, every member at once
(`many`), every IPS at once (`ips_sites`), the PAC plans and the pending novedades of all shown."""

from __future__ import annotations

from chalicelib.affiliates.household import Households
from chalicelib.affiliates.ports import AffiliateDirectory
from chalicelib.affiliates.schemas import FamilyMemberView, HomeView, PacView, PbsView, PersonalDataView
from chalicelib.affiliates.types import AffiliatePrincipal
from chalicelib.affiliates.views import contact_view, ips_key_of, ips_view, masked_number, pending_views


class HomeService:
    def __init__(self, directory: AffiliateDirectory, households: Households):
        self._directory = directory
        self._households = households

    def home(self, principal: AffiliatePrincipal) -> HomeView:
        house = self._households.of(principal.identity)
        me = house.caller
        members = {p.identity: p for p in (*house.managed[1:], *house.others)}
        minors = {p.identity for p in house.managed[1:]}
        keys = {key for person in (me, *members.values()) if (key := ips_key_of(person))}
        sites = self._directory.ips_sites(keys) if keys else {}
        pending = self._households.pending([me, *(members[i] for i in minors)])
        group = []
        for link in house.links:
            member = members.get(link.beneficiario)
            if member is None:
                continue
            minor = member.identity in minors
            site = sites.get(ips_key_of(member)) if ips_key_of(member) else None
            group.append(FamilyMemberView(
                ref=member.ref if minor else None, nombre=member.full_name, tipo_documento=member.doc_type,
                numero_documento=member.doc_number if minor else masked_number(member.doc_number),
                parentesco=link.parentesco, estado_afiliacion=member.estado_afiliacion,
                ips_primaria=site.name if site else None, menor_de_edad=minor,
                novedades_pendientes=pending_views(pending.get(member.identity, [])) if minor else []))
        own_site = sites.get(ips_key_of(me)) if ips_key_of(me) else None
        return HomeView(
            datos_personales=PersonalDataView(
                ref=me.ref, tipo_documento=me.doc_type, numero_documento=me.doc_number, nombre=me.full_name,
                fecha_nacimiento=me.fecha_nacimiento, genero=me.genero, **contact_view(me.contact).model_dump()),
            novedades_pendientes=pending_views(pending.get(me.identity, [])),
            pbs=PbsView(estado_afiliacion=me.estado_afiliacion, regimen=me.regimen,
                        tipo_afiliado=me.tipo_afiliado.value, ips_primaria=ips_view(own_site)),
            grupo_familiar=group,
            pac=[PacView(plan=p.plan, contrato=p.contrato, estado=p.estado, vigencia_desde=p.vigencia_desde,
                         vigencia_hasta=p.vigencia_hasta) for p in self._directory.pac_plans_of(me.identity)])
