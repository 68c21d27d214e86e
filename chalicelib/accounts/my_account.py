"""Mi cuenta for every user: password change (§4.2), forgotten password (§3.1) and profile (§4.3)."""

from __future__ import annotations

from chalicelib.accounts import repository, throttling
from chalicelib.accounts.models import PersonRecord
from chalicelib.accounts.password_policy import policy_violations
from chalicelib.accounts.permissions import PROFILE_NAMES, Principal, Role
from chalicelib.accounts.registration import provider_summary
from chalicelib.accounts.user_schemas import PasswordChange, PasswordRecovery, ProfileResponse
from chalicelib.audit import trail
from chalicelib.audit.trail import AuditEvent
from chalicelib.common import clock
from chalicelib.common.errors import InvalidInput, TooManyRequests
from chalicelib.common.identifiers import InvalidDocument, identity_key, normalize_document_number
from chalicelib.notifications import templates
from chalicelib.notifications.mailer import Mailer
from chalicelib.security.passwords import generate_password, hash_password, verify_password

RECOVERY_ANSWER = ("Si el documento está registrado, enviamos una nueva contraseña al correo electrónico registrado. "
                   "La nueva contraseña aplica para todas las cuentas asociadas a su número de identidad")
RECOVERY_PER_IDENTITY_PER_HOUR = 3
RECOVERY_PER_IP_PER_HOUR = 20
RESET_VALID_SECONDS = 24 * 3600


class MyAccountService:
    def __init__(self, mailer: Mailer, portal_url: str, throttle_secret: bytes, clock, background,
                 now=clock.utcnow):
        self._mailer = mailer
        self._background = background  # (payload) -> None: starts complete_recovery without waiting
        self._portal_url = portal_url
        self._secret = throttle_secret
        self._clock = clock
        self._now = now

    def change_password(self, principal: Principal, form: PasswordChange, source_ip: str) -> PersonRecord:
        person = repository.get_person(principal.person_id)
        epoch = self._clock()
        keys = throttling.keys_for(self._secret, person.person_id, source_ip, epoch)
        wait = throttling.seconds_to_wait(keys, epoch)
        if wait:
            raise TooManyRequests("Demasiados intentos fallidos. Intente de nuevo más tarde",
                                  retry_after_seconds=wait, code="PASSWORD_THROTTLED")
        if not verify_password(person.password_hash, form.contrasena_actual):
            throttling.record_failure(keys, epoch)
            raise InvalidInput("La solicitud tiene datos inválidos", details=[
                {"campo": "contrasena_actual", "mensaje": "La contraseña actual no es correcta"}])
        problems = policy_violations(form.contrasena_nueva, doc_number=person.doc_number, personal=(
            person.primer_nombre, person.segundo_nombre, person.primer_apellido, person.segundo_apellido,
            person.correo.partition("@")[0]))
        if form.contrasena_nueva == form.contrasena_actual:
            problems.append("La nueva contraseña debe ser diferente de la actual")
        elif verify_password(person.emailed_password_hash, form.contrasena_nueva):
            problems.append("No puede usar una contraseña que le enviamos por correo")
        if problems:
            raise InvalidInput("La nueva contraseña no cumple las condiciones",
                               details=[{"campo": "contrasena_nueva", "mensaje": p} for p in problems])
        self._set_password(person, form.contrasena_nueva, must_change=False)
        self._mailer.send(templates.password_changed(to=person.correo, full_name=person.full_name,
                                                     portal_url=self._portal_url))
        trail.record(AuditEvent.PASSWORD_CHANGED, provider_id=principal.provider_id, actor_id=person.person_id,
                     subject_id=person.person_id, source_ip=source_ip)
        return person

    def recover(self, form: PasswordRecovery, source_ip: str) -> str:
        """Same answer, same work and same limits whether or not the person exists: the request only
        counts and hands the document to an asynchronous function (`complete_recovery`)."""
        try:
            number = normalize_document_number(form.tipo_documento, form.numero_documento)
        except InvalidDocument:
            number = form.numero_documento.upper()
        person_id = identity_key(form.tipo_documento, number)
        epoch = self._clock()
        allowed = throttling.within_limit(self._secret, "recover-id", person_id,
                                          limit=RECOVERY_PER_IDENTITY_PER_HOUR, window_seconds=3600, now=epoch)
        allowed &= throttling.within_limit(self._secret, "recover-ip", source_ip,
                                           limit=RECOVERY_PER_IP_PER_HOUR, window_seconds=3600, now=epoch)
        if not allowed:
            raise TooManyRequests("Ya se enviaron varias solicitudes. Intente de nuevo en una hora",
                                  retry_after_seconds=3600 - epoch % 3600, code="RECOVERY_THROTTLED")
        self._background({"person_id": person_id, "source_ip": source_ip})
        return RECOVERY_ANSWER

    def complete_recovery(self, person_id: str, source_ip: str) -> None:
        """Runs asynchronously: for a known person with access, email a pending reset password."""
        person = repository.get_person(person_id)
        active = [m for m in repository.memberships_of(person_id) if m.state == "ACTIVA"] if person else []
        if person is not None and active:
            epoch = self._clock()
            password = generate_password()
            password_hash = hash_password(password)
            person.update(actions=[PersonRecord.pending_password_hash.set(password_hash),
                                   PersonRecord.pending_password_expires_at.set(epoch + RESET_VALID_SECONDS),
                                   PersonRecord.emailed_password_hash.set(password_hash)])
            self._mailer.send(templates.credentials(
                to=person.correo, full_name=person.full_name, username=person.doc_number, password=password,
                portal_url=self._portal_url, subject="Nueva contraseña Oficina Virtual Prestadores",
            ))
            # Asked for without naming a provider: no provider's trail holds it.
            trail.record(AuditEvent.PASSWORD_RESET_REQUESTED, provider_id=None, subject_id=person_id,
                         source_ip=source_ip)

    def profile(self, principal: Principal) -> ProfileResponse:
        person = repository.get_person(principal.person_id)
        membership = repository.get_membership(principal.person_id, principal.provider_id)
        provider = repository.get_provider(principal.provider_id)
        return ProfileResponse(
            numero_identificacion=f"{person.doc_type} - {person.doc_number}", nombre=membership.full_name,
            correo_registrado=membership.correo, telefono_celular=membership.celular or person.celular,
            prestador=provider_summary(provider), cargo=membership.cargo, area=membership.area,
            telefono=membership.telefono, extension=membership.extension,
            perfil_usuario=PROFILE_NAMES[Role(membership.role)], fin_vigencia_usuario=membership.fin_vigencia,
        )

    def _set_password(self, person: PersonRecord, password: str, *, must_change: bool) -> None:
        # token_version + 1 closes every session opened with the old password.
        person.update(actions=[
            PersonRecord.password_hash.set(hash_password(password)),
            PersonRecord.must_change_password.set(must_change),
            PersonRecord.token_version.add(1),
            PersonRecord.password_changed_at.set(self._now()),
            PersonRecord.pending_password_hash.remove(),
            PersonRecord.pending_password_expires_at.remove(),
        ])
