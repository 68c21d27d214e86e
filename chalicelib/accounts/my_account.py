"""Mi cuenta for every user: password change (§4.2), forgotten password (§3.1) and profile (§4.3)."""

from __future__ import annotations

from chalicelib.accounts.consent import POLICY_TITLE, POLICY_VERSION, ConsentChannel, consent_record, is_current
from chalicelib.accounts.password_policy import new_password_problems
from chalicelib.accounts.people import typed_identity
from chalicelib.accounts.permissions import PROFILE_NAMES, Principal, Role
from chalicelib.accounts.registration import provider_summary
from chalicelib.accounts.repository import AccountRepository
from chalicelib.accounts.throttling import Throttle
from chalicelib.accounts.user_schemas import (
    AuditEventView,
    AuditPageView,
    ConsentRequest,
    ConsentView,
    PasswordChange,
    PasswordRecovery,
    ProfileResponse,
)
from chalicelib.accounts.values import Person
from chalicelib.audit.trail import AuditEvent, AuditTrail
from chalicelib.common import clock
from chalicelib.common.errors import InvalidInput, TooManyRequests
from chalicelib.common.validation import FIELDS_INVALID
from chalicelib.notifications import templates
from chalicelib.notifications.mailer import Mailer
from chalicelib.security.passwords import generate_password, hash_password, verify_password

RECOVERY_ANSWER = ("Si el documento está registrado, enviamos una nueva contraseña al correo electrónico registrado. "
                   "La nueva contraseña aplica para todas las cuentas asociadas a su número de identidad")
RESET_VALID_SECONDS = 24 * 3600


def consent_view(consent: dict | None) -> ConsentView | None:
    if not consent:
        return None
    return ConsentView(politica=POLICY_TITLE, version=consent["version"], aceptado_en=consent["aceptado_en"],
                       canal=consent["canal"], ip=consent["ip"], vigente=is_current(consent))


class MyAccountService:
    def __init__(self, accounts: AccountRepository, throttle: Throttle, mailer: Mailer, audit: AuditTrail,
                 portal_url: str, clock, background, now=clock.utcnow):
        self._accounts = accounts
        self._throttle = throttle
        self._mailer = mailer
        self._audit = audit
        self._background = background  # (payload) -> None: starts complete_recovery without waiting
        self._portal_url = portal_url
        self._clock = clock
        self._now = now

    def change_password(self, principal: Principal, form: PasswordChange, source_ip: str) -> Person:
        person = self._accounts.get_person(principal.person_id)
        epoch = self._clock()
        # Counted per person: strangers' login failures behind the same IP never block a logged-in user here.
        keys = self._throttle.password_change(person.person_id)
        wait = self._throttle.seconds_to_wait(keys, epoch)
        if wait:
            raise TooManyRequests("Demasiados intentos fallidos. Intente de nuevo más tarde",
                                  retry_after_seconds=wait, code="PASSWORD_THROTTLED")
        if not verify_password(person.password_hash, form.contrasena_actual):
            self._throttle.record_failure(keys, epoch)
            raise InvalidInput(FIELDS_INVALID, details=[
                {"campo": "contrasena_actual", "mensaje": "La contraseña actual no es correcta"}])
        problems = new_password_problems(form.contrasena_nueva, form.contrasena_actual,
                                         emailed_hash=person.emailed_password_hash, doc_number=person.doc_number,
                                         personal=self._password_context(person, principal))
        if problems:
            raise InvalidInput("La nueva contraseña no cumple las condiciones",
                               details=[{"campo": "contrasena_nueva", "mensaje": p} for p in problems])
        self._throttle.record_success(keys)
        person = self._accounts.set_password(person, hash_password(form.contrasena_nueva), must_change=False,
                                             at=self._now())
        self._mailer.send(templates.password_changed(to=person.correo, full_name=person.full_name,
                                                     portal_url=self._portal_url))
        self._audit.record(AuditEvent.PASSWORD_CHANGED, provider_id=principal.provider_id,
                           actor_id=person.person_id, subject_id=person.person_id, source_ip=source_ip)
        return person

    def _password_context(self, person: Person, principal: Principal) -> tuple[str | None, ...]:
        """What an attacker who knows whom they target would try: the person's names and email user, the
        provider's razón social and the cities and departamentos of the provider and of the person's post."""
        provider = self._accounts.get_provider(principal.provider_id)
        membership = self._accounts.get_membership(person.person_id, principal.provider_id)
        places = [(s.ciudad, s.departamento) for s in (provider.sucursales or [])] if provider else []
        if membership is not None:
            places.append((membership.ciudad, membership.departamento))
        return (person.primer_nombre, person.segundo_nombre, person.primer_apellido, person.segundo_apellido,
                person.correo.partition("@")[0], provider.razon_social if provider else None,
                *(p for pair in places for p in pair))

    def recover(self, form: PasswordRecovery, source_ip: str) -> str:
        """Same answer, same work and same limits whether or not the person exists: the request only
        counts and hands the document to an asynchronous function (`complete_recovery`)."""
        person_id = typed_identity(form.tipo_documento, form.numero_documento)
        epoch = self._clock()
        self._throttle.limit_recovery("recover", person_id, source_ip, epoch)
        self._background({"person_id": person_id, "source_ip": source_ip})
        return RECOVERY_ANSWER

    def complete_recovery(self, person_id: str, source_ip: str) -> None:
        """Runs asynchronously: for a known person with access, email a pending reset password."""
        person = self._accounts.get_person(person_id)
        active = [m for m in self._accounts.memberships_of(person_id) if m.state == "ACTIVA"] if person else []
        if person is not None and active:
            password = generate_password()
            person = self._accounts.set_pending_password(person, hash_password(password),
                                                         self._clock() + RESET_VALID_SECONDS)
            self._mailer.send(templates.credentials(
                to=person.correo, full_name=person.full_name, username=person.doc_number, password=password,
                portal_url=self._portal_url, subject="Nueva contraseña Oficina Virtual Prestadores",
            ))
            # Asked for without naming a provider: no provider's trail holds it.
            self._audit.record(AuditEvent.PASSWORD_RESET_REQUESTED, provider_id=None, subject_id=person_id,
                               source_ip=source_ip)

    def profile(self, principal: Principal) -> ProfileResponse:
        person = self._accounts.get_person(principal.person_id)
        membership = self._accounts.get_membership(principal.person_id, principal.provider_id)
        provider = self._accounts.get_provider(principal.provider_id)
        return ProfileResponse(
            numero_identificacion=f"{person.doc_type} - {person.doc_number}", nombre=membership.full_name,
            correo_registrado=membership.correo, telefono_celular=membership.celular or person.celular,
            prestador=provider_summary(provider), cargo=membership.cargo, area=membership.area,
            telefono=membership.telefono, extension=membership.extension,
            perfil_usuario=PROFILE_NAMES[Role(membership.role)], fin_vigencia_usuario=membership.fin_vigencia,
            autorizacion_datos=consent_view(person.consent),
        )

    def give_consent(self, principal: Principal, form: ConsentRequest, source_ip: str) -> ConsentView:
        if form.version != POLICY_VERSION:
            raise InvalidInput(FIELDS_INVALID, details=[
                {"campo": "version", "mensaje": f"La versión vigente de la política es {POLICY_VERSION}"}])
        person = self._accounts.get_person(principal.person_id)
        consent = consent_record(ConsentChannel.SESSION, source_ip, self._now())
        person = self._accounts.record_consent(person, consent)
        self._audit.record(AuditEvent.CONSENT_GIVEN, provider_id=principal.provider_id, actor_id=person.person_id,
                           subject_id=person.person_id, source_ip=source_ip, details={"version": POLICY_VERSION})
        return consent_view(person.consent)

    def audit_events(self, principal: Principal, *, limit: int, cursor: str | None) -> AuditPageView:
        page = self._audit.list_events(principal.provider_id, limit=limit, cursor=cursor)
        return AuditPageView(
            eventos=[AuditEventView(fecha=e.at, evento=e.event, actor=e.actor_id, afectado=e.subject_id,
                                    ip=e.source_ip, detalle=e.details.as_dict() if e.details else None)
                     for e in page.items],
            siguiente=page.cursor,
        )
