"""Mi cuenta > Datos personales (seed 003 §4.1.1): the caller and their minors, several at once with the same
values; every change becomes a novedad (pending until an extract dated after it), except a new email, which
becomes one only once confirmed from the link mailed to that address."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from chalicelib.affiliates import emails
from chalicelib.affiliates.household import Households
from chalicelib.affiliates.ports import Novedades
from chalicelib.affiliates.request_types import AffiliateRequests, EmailChange
from chalicelib.affiliates.schemas import (
    ManagedPersonView,
    MessageView,
    PersonalDataPage,
    PersonalDataResult,
    PersonalDataUpdate,
)
from chalicelib.affiliates.types import Affiliate, AffiliatePrincipal, Contact
from chalicelib.affiliates.views import contact_view, masked_email, pending_views
from chalicelib.common import geo
from chalicelib.common.errors import InvalidInput, NotFound
from chalicelib.common.validation import FIELDS_INVALID
from chalicelib.notifications.mailer import Mailer

CHANNEL = "PORTAL_AFILIADOS"
REQUIRED = ["departamento_residencia", "ciudad_residencia", "direccion_residencia"]
INDIVIDUAL_UPDATE = ("Las personas seleccionadas no presentan los mismos datos de celular y correo electrónico: "
                     "por favor realizar la actualización de forma individual")
RECEIVED = "Sus datos fueron recibidos. Quedan pendientes mientras la EPS los aplica"
NOTHING_CHANGED = "Los datos enviados son los mismos que tenemos registrados"
EMAIL_SENT = "Para registrar el nuevo correo electrónico, abra el enlace que enviamos a {address}"
EMAIL_CONFIRMED = "Su correo electrónico fue confirmado. Queda pendiente mientras la EPS lo aplica"
CONFIRMATION_INVALID = "El enlace de confirmación no es válido, ya fue usado o venció"
CONFIRMATION_HOURS = 24
_FORM_FIELDS = ("departamento_residencia", "ciudad_residencia", "direccion_residencia", "barrio",
                "direccion_correspondencia", "departamento_correspondencia", "ciudad_correspondencia", "localidad",
                "correo_alternativo", "telefono_residencia", "telefono_adicional", "celular", "celular_alterno",
                "etnia", "escolaridad")


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Clocks:
    now: Callable[[], datetime]  # aware
    epoch: Callable[[], int]


class PersonalDataService:
    def __init__(self, households: Households, novedades: Novedades, requests: AffiliateRequests, mailer: Mailer,
                 portal_url: str, clocks: Clocks, new_code: Callable[[], str] = lambda: secrets.token_urlsafe(32)):
        self._households = households
        self._novedades = novedades
        self._requests = requests
        self._mailer = mailer
        self._portal_url = portal_url
        self._clocks = clocks
        self._new_code = new_code

    def page(self, principal: AffiliatePrincipal) -> PersonalDataPage:
        house = self._households.of(principal.identity)
        pending = self._households.pending(house.managed)
        return PersonalDataPage(obligatorios=REQUIRED, personas=[
            ManagedPersonView(ref=p.ref, nombre=p.full_name, tipo_documento=p.doc_type, numero_documento=p.doc_number,
                              titular=p.identity == principal.identity, datos=contact_view(p.contact),
                              novedades_pendientes=pending_views(pending.get(p.identity, [])))
            for p in house.managed])

    def update(self, principal: AffiliatePrincipal, body: PersonalDataUpdate) -> PersonalDataResult:
        house = self._households.of(principal.identity)
        people = house.by_ref(body.personas)
        if len({p.contact.celular for p in people}) > 1 or len({(p.contact.correo or "").lower()
                                                                  for p in people}) > 1:
            raise InvalidInput(INDIVIDUAL_UPDATE, code="INDIVIDUAL_UPDATE_REQUIRED",
                               details=[{"campo": "personas", "mensaje": INDIVIDUAL_UPDATE}])
        submitted = {name: getattr(body, name) for name in _FORM_FIELDS if getattr(body, name) is not None}
        submitted.update(_places(body))
        changed = {name: value for name, value in submitted.items()
                   if any(getattr(p.contact, name) != value for p in people)}
        novedad = None
        if changed:
            novedad = self._novedades.record([p.identity for p in people], Contact(**changed),
                                             at=self._clocks.now(), channel=CHANNEL)
        new_email = body.correo.lower() if body.correo else None
        if new_email and any((p.contact.correo or "").lower() != new_email for p in people):
            self._ask_confirmation(house.caller, people, new_email)
            message = (RECEIVED + ". " if novedad else "") + EMAIL_SENT.format(address=masked_email(new_email))
            return PersonalDataResult(mensaje=message, novedad=novedad, correo_por_confirmar=masked_email(new_email))
        return PersonalDataResult(mensaje=RECEIVED if novedad else NOTHING_CHANGED, novedad=novedad)

    def confirm_email(self, principal: AffiliatePrincipal, code: str) -> MessageView:
        change = self._requests.take_email_change(code_hash(code), self._clocks.epoch())
        if change is None or change.requested_by != principal.identity:
            raise NotFound(CONFIRMATION_INVALID, code="CONFIRMATION_INVALID")
        # Whom the caller manages today: a child who turned 18 since the request is no longer theirs to change.
        managed = {p.identity for p in self._households.of(principal.identity).managed}
        identities = [identity for identity in change.identities if identity in managed]
        if not identities:
            raise NotFound(CONFIRMATION_INVALID, code="CONFIRMATION_INVALID")
        self._novedades.record(identities, Contact(correo=change.correo), at=self._clocks.now(), channel=CHANNEL)
        return MessageView(mensaje=EMAIL_CONFIRMED)

    def _ask_confirmation(self, caller: Affiliate, people: list[Affiliate], address: str) -> None:
        code = self._new_code()
        self._requests.add_email_change(EmailChange(
            code_hash=code_hash(code), requested_by=caller.identity, identities=tuple(p.identity for p in people),
            correo=address, expires_at=self._clocks.epoch() + CONFIRMATION_HOURS * 3600))
        self._mailer.send(emails.confirm_email(to=address, code=code,
                                               portal_url=self._portal_url, hours=CONFIRMATION_HOURS))


def _places(body: PersonalDataUpdate) -> dict[str, str]:
    """The DIVIPOLA names of the departamento and ciudad typed (residence required, correspondence optional)."""
    found, errors = {}, []
    pairs = (("departamento_residencia", "ciudad_residencia", True),
             ("departamento_correspondencia", "ciudad_correspondencia", False))
    for dep_field, city_field, required in pairs:
        dep_name, city_name = getattr(body, dep_field), getattr(body, city_field)
        if not required and not dep_name and not city_name:
            continue
        departamento = geo.find_departamento(dep_name or "")
        if departamento is None:
            errors.append({"campo": dep_field, "mensaje": "Departamento no encontrado"})
            continue
        municipio = geo.find_municipio(departamento.code, city_name or "")
        if municipio is None:
            errors.append({"campo": city_field, "mensaje": f"La ciudad no pertenece a {departamento.name}"})
            continue
        found[dep_field], found[city_field] = departamento.name, municipio.name
    if errors:
        raise InvalidInput(FIELDS_INVALID, details=errors)
    return found
