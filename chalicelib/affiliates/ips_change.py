"""Mi cuenta > Cambio de IPS (seed 003 §4.1.3): 1. CONSULTA (the caller or a minor of theirs), 2. VERIFICA LA IPS
ACTUAL, 3. the form prefilled with what the EPS holds, the IPS deseada among the primary IPS of the municipio of
residence; "Enviar solicitud" mails a confirmation. One request in process per person; operators decide."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime

from chalicelib.affiliates import emails
from chalicelib.affiliates.household import Households
from chalicelib.affiliates.ports import AffiliateDirectory
from chalicelib.affiliates.request_types import AffiliateRequests, IpsChangeRequest, IpsChangeState, IpsKey
from chalicelib.affiliates.schemas import (
    IPS_CHANGE_REASONS,
    IpsChangeForm,
    IpsChangeFormView,
    IpsChangePage,
    IpsChangePersonView,
    IpsChangeSent,
    OpenIpsChangeView,
)
from chalicelib.affiliates.types import Affiliate, AffiliatePrincipal, Contact, IpsSite
from chalicelib.affiliates.views import ips_key_of, ips_view
from chalicelib.common import geo
from chalicelib.common.errors import Conflict, InvalidInput
from chalicelib.common.validation import FIELDS_INVALID
from chalicelib.notifications.mailer import Mailer

ALREADY_OPEN = "Ya hay una solicitud de cambio de IPS en trámite para esta persona. Espere su respuesta"
NOT_OFFERED = "Elija una IPS primaria del municipio de residencia"
SAME_IPS = "Esa ya es la IPS primaria actual"
SENT = "Su solicitud de cambio de IPS fue enviada. Le enviamos un correo de confirmación"


def _field_error(field: str, message: str) -> InvalidInput:
    return InvalidInput(FIELDS_INVALID, details=[{"campo": field, "mensaje": message}])


class IpsChangeService:
    def __init__(self, directory: AffiliateDirectory, households: Households, requests: AffiliateRequests,
                 mailer: Mailer, portal_url: str, now: Callable[[], datetime],
                 new_id: Callable[[], str] = lambda: uuid.uuid4().hex):
        self._directory = directory
        self._households = households
        self._requests = requests
        self._mailer = mailer
        self._portal_url = portal_url
        self._now = now
        self._new_id = new_id

    def page(self, principal: AffiliatePrincipal) -> IpsChangePage:
        people = self._households.of(principal.identity).managed
        keys = {key for p in people if (key := ips_key_of(p))}
        sites = self._directory.ips_sites(keys) if keys else {}
        open_requests = {r.affiliate: r for r in self._requests.ips_changes_of([p.identity for p in people])
                         if r.state is IpsChangeState.EN_TRAMITE}
        offered: dict[tuple[str, str], list[IpsSite]] = {}  # one read per municipio, not per person
        views = []
        for person in people:
            place = (person.contact.departamento_residencia or "", person.contact.ciudad_residencia or "")
            if place not in offered:
                offered[place] = self._primary_ips(*place)
            current = sites.get(ips_key_of(person)) if ips_key_of(person) else None
            views.append(IpsChangePersonView(
                ref=person.ref, nombre=person.full_name, ips_actual=ips_view(current), formulario=_form(person),
                ips_disponibles=[ips_view(s) for s in offered[place] if (s.nit, s.sucursal) != ips_key_of(person)],
                solicitud_en_tramite=_open_view(open_requests.get(person.identity))))
        return IpsChangePage(personas=views, motivos=list(IPS_CHANGE_REASONS))

    def request(self, principal: AffiliatePrincipal, body: IpsChangeForm) -> IpsChangeSent:
        house = self._households.of(principal.identity)
        person = house.by_ref([body.ref])[0]
        departamento = geo.find_departamento(body.departamento_residencia)
        if departamento is None:
            raise _field_error("departamento_residencia", "Departamento no encontrado")
        municipio = geo.find_municipio(departamento.code, body.municipio_residencia)
        if municipio is None:
            raise _field_error("municipio_residencia", f"El municipio no pertenece a {departamento.name}")
        desired = next((s for s in self._primary_ips(departamento.name, municipio.name)
                        if f"{s.nit}-{s.sucursal}" == body.ips_deseada), None)
        if desired is None:
            raise _field_error("ips_deseada", NOT_OFFERED)
        current = ips_key_of(person)
        if current == (desired.nit, desired.sucursal):
            raise _field_error("ips_deseada", SAME_IPS)
        contact = Contact(correo=body.correo, correo_alternativo=body.correo_alternativo,
                          telefono_residencia=body.telefono_residencia,
                          telefono_adicional=body.telefono_fijo_alternativo, celular=body.celular,
                          direccion_residencia=body.direccion_residencia, departamento_residencia=departamento.name,
                          ciudad_residencia=municipio.name)
        request = IpsChangeRequest(
            request_id=self._new_id(), affiliate=person.identity, requested_by=principal.identity,
            current=IpsKey(*current) if current else None, desired=IpsKey(desired.nit, desired.sucursal),
            desired_name=desired.name, motivo_cambio=body.motivo, contact=contact, state=IpsChangeState.EN_TRAMITE,
            created_at=self._now())
        if not self._requests.open_ips_change(request):
            raise Conflict(ALREADY_OPEN, code="IPS_CHANGE_IN_PROCESS")
        self._notify(house.caller, person, desired.name)
        return IpsChangeSent(mensaje=SENT, solicitud=request.request_id)

    def _primary_ips(self, departamento: str, municipio: str) -> list[IpsSite]:
        return self._directory.primary_ips_in(departamento, municipio) if departamento and municipio else []

    def _notify(self, caller: Affiliate, person: Affiliate, desired: str) -> None:
        if caller.contact.correo:
            self._mailer.send(emails.ips_change_received(to=caller.contact.correo, full_name=caller.full_name,
                                                         person=person.full_name, desired=desired,
                                                         portal_url=self._portal_url))


def _form(person: Affiliate) -> IpsChangeFormView:
    c = person.contact
    return IpsChangeFormView(correo_alternativo=c.correo_alternativo, correo=c.correo,
                             telefono_residencia=c.telefono_residencia, telefono_fijo_alternativo=c.telefono_adicional,
                             celular=c.celular, direccion_residencia=c.direccion_residencia,
                             departamento_residencia=c.departamento_residencia,
                             municipio_residencia=c.ciudad_residencia)


def _open_view(request: IpsChangeRequest | None) -> OpenIpsChangeView | None:
    if request is None:
        return None
    return OpenIpsChangeView(solicitud=request.request_id, fecha=request.created_at, ips_deseada=request.desired_name,
                             estado=request.state.value)
