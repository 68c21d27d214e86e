"""User administration of one provider, seed 002 §4.1 (administrator only; tenant from the token)."""

from __future__ import annotations

import re

from chalicelib.accounts.people import contact_fields, new_membership, new_person
from chalicelib.accounts.permissions import PROFILE_NAMES, MembershipState, Menu, Principal, Role
from chalicelib.accounts.registration import identity_from, resolve_location
from chalicelib.accounts.repository import AccountRepository, AlreadyExists
from chalicelib.accounts.user_schemas import NO_MENUS, DelegateEdit, DelegateForm, UserPage, UserView
from chalicelib.accounts.values import Membership, Person
from chalicelib.audit.trail import AuditEvent, AuditTrail
from chalicelib.common import clock
from chalicelib.common.errors import Conflict, InvalidInput, NotFound
from chalicelib.common.validation import FIELDS_INVALID
from chalicelib.notifications import templates
from chalicelib.notifications.outbox import Outbox

USER_NOT_FOUND = "El usuario no existe en este prestador"
EDITABLE = ("primer_nombre", "segundo_nombre", "primer_apellido", "segundo_apellido", "cargo", "area",
            "departamento", "ciudad", "telefono", "extension", "celular")


def user_view(person: Person, membership: Membership) -> UserView:
    role = Role(membership.role)
    menus = sorted(Menu) if role is Role.ADMINISTRADOR else sorted(membership.menus or [])
    return UserView(
        usuario_id=membership.user_id, tipo_documento=person.doc_type, numero_documento=person.doc_number,
        nombre=membership.full_name, primer_nombre=membership.primer_nombre, segundo_nombre=membership.segundo_nombre,
        primer_apellido=membership.primer_apellido, segundo_apellido=membership.segundo_apellido,
        correo=membership.correo, perfil=PROFILE_NAMES[role], rol=role.value, estado=membership.state,
        permisos=[str(m) for m in menus], cargo=membership.cargo, area=membership.area,
        departamento=membership.departamento, ciudad=membership.ciudad, telefono=membership.telefono,
        extension=membership.extension, celular=membership.celular, fin_vigencia=membership.fin_vigencia,
    )


class UserAdminService:
    def __init__(self, accounts: AccountRepository, outbox: Outbox, audit: AuditTrail, portal_url: str,
                 now=clock.utcnow):
        self._accounts = accounts
        self._audit = audit
        self._outbox = outbox
        self._portal_url = portal_url
        self._now = now

    def list(self, admin: Principal, *, limit: int, cursor: str | None) -> UserPage:
        page = self._accounts.memberships_page(admin.provider_id, limit=limit, cursor=cursor)
        memberships = page.items
        people = self._accounts.get_persons([m.person_id for m in memberships])
        users = [user_view(people[m.person_id], m) for m in memberships if m.person_id in people]
        return UserPage(usuarios=users, siguiente=page.cursor)

    def get(self, admin: Principal, user_id: str) -> UserView:
        person, membership = self._member(admin, user_id)
        return user_view(person, membership)

    def create(self, admin: Principal, form: DelegateForm, source_ip: str) -> UserView:
        person_id, doc_number = identity_from(form.tipo_documento, form.numero_documento, "numero_documento")
        if self._accounts.get_membership(person_id, admin.provider_id) is not None:
            raise Conflict("El usuario ya existe en este prestador", code="USER_ALREADY_EXISTS")
        departamento, ciudad = resolve_location(form.departamento, form.ciudad, "")
        now = self._now()
        person = self._accounts.get_person(person_id)
        membership = new_membership(
            person_id, admin.provider_id, Role.DELEGADO, menus={m.value for m in form.permisos},
            state=MembershipState.PENDIENTE if person else MembershipState.ACTIVA, cargo=form.cargo,
            area=form.area, departamento=departamento, ciudad=ciudad, telefono=form.telefono,
            extension=form.extension, now=now, **contact_fields(form),
        )
        try:
            if person is None:
                person, password = new_person(person_id, form.tipo_documento.value, doc_number, now=now,
                                              **contact_fields(form))
                message = self._outbox.message(templates.credentials(
                    to=membership.correo, full_name=membership.full_name, username=doc_number, password=password,
                    portal_url=self._portal_url, subject="Nuevo usuario Oficina Virtual Prestadores",
                ))
                self._accounts.add_person_with_membership(person, membership, messages=[message])
                event = AuditEvent.USER_CREATED
            else:
                # A person who already has an account joins only if they accept, from their own session;
                # the invitation goes to the address they registered, not to the one typed here.
                provider = self._accounts.get_provider(admin.provider_id)
                message = self._outbox.message(templates.invitation(
                    to=person.correo, full_name=person.full_name, razon_social=provider.razon_social,
                    portal_url=self._portal_url,
                ))
                self._accounts.add_membership(membership, messages=[message])
                event = AuditEvent.USER_INVITED
        except AlreadyExists as exc:
            raise Conflict("El usuario ya existe en este prestador", code="USER_ALREADY_EXISTS") from exc
        # Queued with the change above; handed to SES now, and retried apart if SES fails.
        self._outbox.deliver([message])
        self._audit.record(event, provider_id=admin.provider_id, actor_id=admin.person_id, subject_id=person_id,
                           source_ip=source_ip, details={"permisos": sorted(membership.menus or [])})
        return user_view(person, membership)

    def edit(self, admin: Principal, user_id: str, form: DelegateEdit, source_ip: str) -> UserView:
        person, membership = self._member(admin, user_id)
        departamento, ciudad = resolve_location(form.departamento, form.ciudad, "")
        values = form.model_dump(include=set(EDITABLE))
        values.update(departamento=departamento, ciudad=ciudad)
        values = {k: (v or None) if k in ("segundo_nombre", "segundo_apellido") else v for k, v in values.items()}
        changed = sorted(k for k, v in values.items() if getattr(membership, k) != v)
        new_menus = {m.value for m in form.permisos}
        if Role(membership.role) is Role.DELEGADO and not new_menus:
            raise InvalidInput(FIELDS_INVALID, details=[{"campo": "permisos", "mensaje": NO_MENUS}])
        old_menus = set(membership.menus or set())
        menus_changed = Role(membership.role) is Role.DELEGADO and new_menus != old_menus
        membership = self._accounts.edit_membership(membership, values, menus=new_menus if menus_changed else None,
                                                    at=self._now())
        if changed:
            self._audit.record(AuditEvent.USER_EDITED, provider_id=admin.provider_id, actor_id=admin.person_id,
                               subject_id=person.person_id, source_ip=source_ip, details={"campos": changed})
        if menus_changed:
            self._audit.record(AuditEvent.PERMISSIONS_CHANGED, provider_id=admin.provider_id,
                               actor_id=admin.person_id, subject_id=person.person_id, source_ip=source_ip,
                               details={"antes": sorted(old_menus), "despues": sorted(new_menus)})
        return user_view(person, membership)

    def set_state(self, admin: Principal, user_id: str, state: str, source_ip: str) -> UserView:
        person, membership = self._member(admin, user_id)
        if person.person_id == admin.person_id:
            raise Conflict("No puede cambiar el estado de su propio usuario", code="OWN_STATE")
        if membership.state not in (MembershipState.ACTIVA, MembershipState.INACTIVA):
            raise Conflict("El usuario no ha aceptado la invitación a este prestador", code="INVITATION_PENDING")
        if membership.state != state:
            # Inactivation closes this provider's sessions (session_version + 1) for good.
            membership = self._accounts.set_membership_state(membership, state, at=self._now(),
                                                             close_sessions=state == MembershipState.INACTIVA)
            event = AuditEvent.USER_ACTIVATED if state == "ACTIVA" else AuditEvent.USER_INACTIVATED
            self._audit.record(event, provider_id=admin.provider_id, actor_id=admin.person_id,
                               subject_id=person.person_id, source_ip=source_ip)
        return user_view(person, membership)

    def _member(self, admin: Principal, user_id: str) -> tuple[Person, Membership]:
        # Only the provider in the verified token is ever looked up: another provider's user is "not found".
        well_formed = re.fullmatch(r"[A-Za-z0-9_-]{16}", user_id)
        membership = self._accounts.membership_by_user_id(user_id, admin.provider_id) if well_formed else None
        person = self._accounts.get_person(membership.person_id) if membership else None
        if membership is None or person is None:
            raise NotFound(USER_NOT_FOUND, code="USER_NOT_FOUND")
        return person, membership
