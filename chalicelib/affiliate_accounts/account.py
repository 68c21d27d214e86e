"""An affiliate's own account: password change, "Olvidé mi contraseña", and the operators' email correction."""

from __future__ import annotations

from chalicelib.accounts.password_policy import AFFILIATE_CONTEXTUAL, new_password_problems
from chalicelib.accounts.people import typed_identity
from chalicelib.accounts.permissions import OPERATIONS_TENANT, Principal
from chalicelib.accounts.throttling import Throttle
from chalicelib.accounts.user_schemas import PasswordChange, PasswordRecovery
from chalicelib.affiliate_accounts.repository import AffiliateAccountRepository
from chalicelib.affiliate_accounts.schemas import AffiliateFound, AffiliateLookup
from chalicelib.affiliate_accounts.sessions import THROTTLE_PREFIX
from chalicelib.affiliates.ports import AffiliateDirectory
from chalicelib.affiliates.types import AffiliatePrincipal
from chalicelib.affiliates.views import masked_email
from chalicelib.audit.trail import AuditEvent, AuditTrail
from chalicelib.common import clock
from chalicelib.common.errors import InvalidInput, NotFound, TooManyRequests
from chalicelib.common.validation import FIELDS_INVALID
from chalicelib.notifications import templates
from chalicelib.notifications.mailer import Mailer
from chalicelib.security.passwords import generate_password, hash_password, verify_password

# The same answer whether or not the document has an account (the seed's two messages would tell: deviation).
RECOVERY_ANSWER = ("Si el documento está registrado en la Oficina Virtual Afiliados, enviamos una nueva contraseña "
                   "al correo electrónico registrado")
RESET_VALID_SECONDS = 24 * 3600
NO_ACCOUNT = "El afiliado no tiene usuario en la Oficina Virtual Afiliados"


class AffiliateAccountService:
    def __init__(self, accounts: AffiliateAccountRepository, directory: AffiliateDirectory, throttle: Throttle,
                 mailer: Mailer, audit: AuditTrail, portal_url: str, clock, background, now=clock.utcnow):
        self._accounts = accounts
        self._directory = directory
        self._throttle = throttle
        self._mailer = mailer
        self._audit = audit
        self._portal_url = portal_url
        self._clock = clock
        self._background = background  # (payload) -> None: starts complete_recovery without waiting
        self._now = now

    def change_password(self, principal: AffiliatePrincipal, form: PasswordChange, source_ip: str) -> None:
        """The new password serves from the next login; every other session is closed; the notice carries no
        password."""
        account = self._accounts.get(principal.identity)
        epoch = self._clock()
        keys = self._throttle.password_change(THROTTLE_PREFIX + account.identity)
        wait = self._throttle.seconds_to_wait(keys, epoch)
        if wait:
            raise TooManyRequests("Demasiados intentos fallidos. Intente de nuevo más tarde",
                                  retry_after_seconds=wait, code="PASSWORD_THROTTLED")
        if not verify_password(account.password_hash, form.contrasena_actual):
            self._throttle.record_failure(keys, epoch)
            raise InvalidInput(FIELDS_INVALID, details=[
                {"campo": "contrasena_actual", "mensaje": "La contraseña actual no es correcta"}])
        problems = new_password_problems(form.contrasena_nueva, form.contrasena_actual,
                                         emailed_hash=account.emailed_password_hash, doc_number=account.doc_number,
                                         personal=self._password_context(account.identity, account.correo),
                                         contextual=AFFILIATE_CONTEXTUAL)
        if problems:
            raise InvalidInput("La nueva contraseña no cumple las condiciones",
                               details=[{"campo": "contrasena_nueva", "mensaje": p} for p in problems])
        self._throttle.record_success(keys)
        account = self._accounts.set_password(account.identity, hash_password(form.contrasena_nueva),
                                              must_change=False, at=self._now())
        self._mailer.send(templates.affiliate_password_changed(to=account.correo, portal_url=self._portal_url))
        self._audit.record(AuditEvent.PASSWORD_CHANGED, provider_id=None, actor_id=account.identity,
                           subject_id=account.identity, source_ip=source_ip)

    def _password_context(self, identity: str, correo: str) -> tuple[str | None, ...]:
        """What an attacker who knows whom they target would try: names, email user, city, barrio."""
        affiliate = self._directory.find(identity)
        if affiliate is None:
            return (correo.partition("@")[0],)
        contact = affiliate.contact
        return (affiliate.primer_nombre, affiliate.segundo_nombre, affiliate.primer_apellido,
                affiliate.segundo_apellido, correo.partition("@")[0], contact.ciudad_residencia, contact.barrio,
                contact.departamento_residencia)

    def recover(self, form: PasswordRecovery, source_ip: str) -> str:
        """Same answer, work and limits for any document: the request only counts and hands the document to the
        background function (`complete_recovery`)."""
        identity = typed_identity(form.tipo_documento, form.numero_documento)
        self._throttle.limit_recovery("afiliados-recuperar", identity, source_ip, self._clock())
        self._background({"accion": "recuperar-afiliado", "identity": identity, "source_ip": source_ip})
        return RECOVERY_ANSWER

    def complete_recovery(self, identity: str, source_ip: str) -> None:
        """Runs apart: for a registered affiliate, a second password usable 24 hours, mailed."""
        account = self._accounts.get(identity)
        if account is None:
            return
        password = generate_password()
        self._accounts.set_pending_password(identity, hash_password(password), self._clock() + RESET_VALID_SECONDS)
        self._mailer.send(templates.affiliate_new_password(to=account.correo, username=account.doc_number,
                                                           password=password, portal_url=self._portal_url))
        self._audit.record(AuditEvent.PASSWORD_RESET_REQUESTED, provider_id=None, subject_id=identity,
                           source_ip=source_ip)

    def find_for_correction(self, operator: Principal, form: AffiliateLookup, source_ip: str) -> AffiliateFound:
        """The ref an operator needs to correct an email, from the document the affiliate tells: only for an
        affiliate with an account; audited (the route's access log holds the read too)."""
        identity = typed_identity(form.tipo_documento, form.numero_documento)
        account = self._accounts.get(identity)
        affiliate = self._directory.find(identity) if account else None
        if affiliate is None:
            raise NotFound(NO_ACCOUNT, code="AFFILIATE_ACCOUNT_NOT_FOUND")
        self._audit.record(AuditEvent.AFFILIATE_LOOKED_UP, provider_id=OPERATIONS_TENANT,
                           actor_id=operator.person_id, subject_id=identity, source_ip=source_ip)
        return AffiliateFound(ref=affiliate.ref, nombre=affiliate.full_name, correo=masked_email(account.correo))

    def correct_email(self, operator: Principal, ref: str, correo: str, source_ip: str) -> None:
        """An operator fixes the email an affiliate mistyped (seed 003 line 296): audited, the new address told."""
        affiliate = self._directory.find_by_ref(ref)
        account = self._accounts.get(affiliate.identity) if affiliate else None
        if account is None:
            raise NotFound(NO_ACCOUNT, code="AFFILIATE_ACCOUNT_NOT_FOUND")
        self._accounts.set_correo(account.identity, correo.lower())
        self._mailer.send(templates.affiliate_email_corrected(to=correo.lower(), portal_url=self._portal_url))
        self._audit.record(AuditEvent.AFFILIATE_EMAIL_CORRECTED, provider_id=OPERATIONS_TENANT,
                           actor_id=operator.person_id, subject_id=account.identity, source_ip=source_ip)
