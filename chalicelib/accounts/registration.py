"""Provider registration, seed 002 §2: Valida → Registra → Finaliza."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from chalicelib.accounts.consent import ConsentChannel, consent_record
from chalicelib.accounts.people import contact_fields, new_membership, new_person
from chalicelib.accounts.permissions import OPERATIONS_NAME, OPERATIONS_TENANT, MembershipState, Role
from chalicelib.accounts.repository import AccountRepository, AlreadyExists
from chalicelib.accounts.schemas import (
    ApplicantForm,
    DocumentRef,
    PendingApplication,
    ProviderSummary,
    RegistrationRequest,
)
from chalicelib.accounts.terms import TERMS_VERSION
from chalicelib.accounts.throttling import Throttle
from chalicelib.accounts.values import join_names
from chalicelib.audit.trail import AuditEvent, AuditTrail
from chalicelib.common import clock, geo
from chalicelib.common.clock import BOGOTA
from chalicelib.common.errors import Conflict, InvalidInput, NotFound, TooManyRequests
from chalicelib.common.identifiers import (
    DocumentType,
    InvalidDocument,
    identity_key,
    nit_check_digit,
    normalize_document_number,
)
from chalicelib.common.validation import FIELDS_INVALID
from chalicelib.notifications import templates
from chalicelib.notifications.outbox import Outbox
from chalicelib.providers.repository import Provider

PROVIDER_NOT_FOUND = (
    "El documento ingresado no está registrado como prestador de servicios de la EPS. "
    "Debe crearse como prestador dentro de la EPS"
)
PROVIDER_ALREADY_REGISTERED = "El prestador ya se encuentra registrado en la Oficina Virtual Prestadores"


def provider_summary(provider: Provider | None) -> ProviderSummary:
    if provider is None:  # the operators' tenant is not a provider of the registry
        return ProviderSummary(prestador_id=OPERATIONS_TENANT, tipo_documento="EPS", numero_documento="",
                               razon_social=OPERATIONS_NAME)
    number = provider.doc_number
    if provider.doc_type == DocumentType.NI:
        number = f"{number}-{provider.check_digit or nit_check_digit(number)}"
    return ProviderSummary(prestador_id=provider.provider_id, tipo_documento=provider.doc_type,
                           numero_documento=number, razon_social=provider.razon_social)


def identity_from(doc_type: DocumentType, raw_number: str, field: str) -> tuple[str, str]:
    """(identity key, canonical number) of a document typed in a form; a bad number is a 422 on `field`."""
    try:
        number = normalize_document_number(doc_type, raw_number)
    except InvalidDocument as exc:
        raise InvalidInput(FIELDS_INVALID,
                           details=[{"campo": field, "mensaje": str(exc)}]) from exc
    return identity_key(doc_type, number), number


def resolve_location(departamento: str, ciudad: str, prefix: str) -> tuple[str, str]:
    dep = geo.find_departamento(departamento)
    if dep is None:
        raise InvalidInput(FIELDS_INVALID,
                           details=[{"campo": f"{prefix}departamento", "mensaje": "Departamento no válido"}])
    city = geo.find_municipio(dep.code, ciudad)
    if city is None:
        raise InvalidInput(FIELDS_INVALID, details=[
            {"campo": f"{prefix}ciudad", "mensaje": f"La ciudad no pertenece al departamento {dep.name}"}])
    return dep.name, city.name


@dataclass(frozen=True, slots=True)
class RegistrationOutcome:
    provider: ProviderSummary
    username: str


@dataclass(frozen=True, slots=True)
class ApplicationOutcome:
    provider: ProviderSummary
    masked_address: str  # where the confirmation code went, recognisable but not readable by a stranger
    emailed: bool  # False: the registry mailbox got its daily maximum; the application waits in its list


VALIDATIONS_PER_IP_PER_HOUR = 30
REGISTRATIONS_PER_IP_PER_HOUR = 10
# Emails to one registry mailbox per day. Applications past it are still kept (never refused for a quota a
# stranger can spend): any code the mailbox already received lists every pending application of the provider.
EMAILS_PER_PROVIDER_PER_DAY = 5
# Live applications one provider may hold; a stranger needs many networks for a day to fill it (docs/security.md).
MAX_PENDING_PER_PROVIDER = 100
CONFIRMATION_VALID_SECONDS = 24 * 3600
PROVIDER_WITHOUT_EMAIL = ("El prestador no tiene un correo de notificaciones en el registro de la EPS. Solicite su "
                          "actualización por el formulario de PQRS")
CONFIRMATION_INVALID = ("El código de confirmación no es válido, ya se usó o expiró (vale 24 horas). Revise que lo "
                        "copió completo o solicite el registro de nuevo")
TOO_MANY_PENDING = ("El prestador tiene demasiadas solicitudes de registro pendientes. Intente de nuevo mañana o "
                    "escríbanos por el formulario de PQRS")
TERMS_CHANGED = "El Contrato de Términos y condiciones cambió; léalo y acéptelo de nuevo"


def _code_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def mask_email(address: str) -> str:
    """"notificaciones@prestador.example.co" → "no•••••@pr•••••.example.co": who reads the registry can recognise it."""
    user, _, domain = address.partition("@")
    host, dot, rest = domain.partition(".")
    return f"{user[:2]}•••••@{host[:2]}•••••{dot}{rest}"


def _application_view(application_id: str, entry: dict, own: bool) -> PendingApplication:
    form = entry["form"]
    return PendingApplication(
        solicitud=application_id, propia=own,
        nombre=join_names(form["primer_nombre"], form.get("segundo_nombre"), form["primer_apellido"],
                          form.get("segundo_apellido")),
        documento=f"{form['tipo_documento']} {form['numero_documento']}", cargo=form["cargo"], area=form["area"],
        ciudad=f"{form['ciudad']}, {form['departamento']}", correo=form["correo"],
        solicitada_en=datetime.fromtimestamp(entry["created_at"], BOGOTA).isoformat(timespec="minutes"),
    )


class RegistrationService:
    """Anyone may apply; only whoever reads the provider's address in the EPS registry can confirm."""

    def __init__(self, accounts: AccountRepository, throttle: Throttle, outbox: Outbox, audit: AuditTrail,
                 portal_url: str, clock, now=clock.utcnow):
        self._accounts = accounts
        self._throttle = throttle
        self._outbox = outbox
        self._audit = audit
        self._portal_url = portal_url
        self._clock = clock
        self._now = now

    def validate(self, ref: DocumentRef, source_ip: str) -> Provider:
        self._limit("register-validate-ip", source_ip, VALIDATIONS_PER_IP_PER_HOUR)
        return self._unregistered_provider(ref)

    def _unregistered_provider(self, ref: DocumentRef, field: str = "numero_documento") -> Provider:
        """Step 1 (Valida): the provider exists in the EPS registry and is not registered yet."""
        provider_id, _ = identity_from(ref.tipo_documento, ref.numero_documento, field)
        provider = self._accounts.get_provider(provider_id)
        if provider is None:
            raise NotFound(PROVIDER_NOT_FOUND, code="PROVIDER_NOT_FOUND")
        if self._accounts.is_provider_registered(provider_id):
            raise Conflict(PROVIDER_ALREADY_REGISTERED, code="PROVIDER_ALREADY_REGISTERED")
        return provider

    def _limit(self, scope: str, value: str, limit: int, window_seconds: int = 3600) -> None:
        """Keeps the registry from being scraped NIT by NIT and the form from being scripted."""
        now = self._clock()
        if not self._throttle.within_limit(scope, value, limit=limit, window_seconds=window_seconds, now=now):
            wait = window_seconds - now % window_seconds
            raise TooManyRequests("Demasiadas solicitudes de registro. Intente de nuevo más tarde",
                                  retry_after_seconds=wait, code="REGISTRATION_THROTTLED")

    def apply(self, request: RegistrationRequest, source_ip: str) -> ApplicationOutcome:
        """Step 2 (Registra): keep the application next to any other pending one and mail its own code to the
        registry's address (while that mailbox's daily maximum allows)."""
        self._limit("register-ip", source_ip, REGISTRATIONS_PER_IP_PER_HOUR)
        if request.version_terminos is not None and request.version_terminos != TERMS_VERSION:
            raise InvalidInput(FIELDS_INVALID, details=[{"campo": "version_terminos", "mensaje": TERMS_CHANGED}])
        provider = self._unregistered_provider(request.prestador, "prestador.numero_documento")
        if not provider.notification_email:
            raise Conflict(PROVIDER_WITHOUT_EMAIL, code="PROVIDER_WITHOUT_EMAIL")
        applicant = request.solicitante
        person_id, _ = identity_from(applicant.tipo_documento, applicant.numero_documento,
                                     "solicitante.numero_documento")
        departamento, ciudad = resolve_location(applicant.departamento, applicant.ciudad, "solicitante.")
        applicant = applicant.model_copy(update={"departamento": departamento, "ciudad": ciudad})
        code = f"{provider.doc_number}.{secrets.token_urlsafe(24)}"
        now, epoch = self._now(), self._clock()
        # The form's acceptance (acepta_terminos) is the applicant's Ley 1581 authorisation: kept as proof.
        consent = consent_record(ConsentChannel.REGISTRATION, source_ip, now)
        entry = {"code_hash": _code_hash(code), "expires_at": epoch + CONFIRMATION_VALID_SECONDS, "created_at": epoch,
                 "form": {**applicant.model_dump(mode="json"), "autorizacion_datos": consent,
                          "terminos_version": request.version_terminos}}  # None: no version was shown
        try:
            kept = self._accounts.add_application(provider.provider_id, secrets.token_urlsafe(12), entry, at=now,
                                                  now=epoch, max_pending=MAX_PENDING_PER_PROVIDER)
        except AlreadyExists as exc:
            raise Conflict(PROVIDER_ALREADY_REGISTERED, code="PROVIDER_ALREADY_REGISTERED") from exc
        if not kept:
            raise TooManyRequests(TOO_MANY_PENDING, retry_after_seconds=CONFIRMATION_VALID_SECONDS,
                                  code="REGISTRATION_PENDING_FULL")
        summary = provider_summary(provider)
        emailed = self._throttle.within_limit("register-provider-mail", provider.provider_id,
                                              limit=EMAILS_PER_PROVIDER_PER_DAY, window_seconds=24 * 3600, now=epoch)
        if emailed:
            # Only the names and address typed in the form: nothing stored about any person leaves here.
            self._outbox.send(templates.new_admin_confirmation(
                to=provider.notification_email, full_name=join_names(
                    applicant.primer_nombre, applicant.segundo_nombre, applicant.primer_apellido,
                    applicant.segundo_apellido),
                razon_social=summary.razon_social,
                provider_label=f"{summary.tipo_documento} {summary.numero_documento}", cargo=applicant.cargo,
                area=applicant.area, departamento=departamento, ciudad=ciudad,
                corporate_email=str(applicant.correo).lower(), code=code, portal_url=self._portal_url,
            ))
        self._audit.record(AuditEvent.REGISTRATION_REQUESTED, provider_id=provider.provider_id,
                           subject_id=person_id, source_ip=source_ip)
        return ApplicationOutcome(summary, mask_email(provider.notification_email), emailed)

    def _application_of(self, code: str) -> tuple[str, str, dict]:
        """(provider id, application id, pending applications) of a live code; anything else is one 404."""
        number, _, _ = code.partition(".")
        provider_id = identity_key(DocumentType.NI, number) if number.isdigit() and len(number) <= 15 else None
        registration = self._accounts.get_registration(provider_id) if provider_id else None
        if registration is not None and registration.state == "PENDIENTE":
            code_hash, epoch = _code_hash(code), self._clock()
            live = {k: v for k, v in (registration.pending or {}).items() if v["expires_at"] > epoch}
            for application_id, entry in live.items():
                if hmac.compare_digest(entry["code_hash"], code_hash):
                    return provider_id, application_id, live
        raise NotFound(CONFIRMATION_INVALID, code="CONFIRMATION_INVALID")

    def pending(self, code: str, source_ip: str) -> list[PendingApplication]:
        """What the holder of a mailed code may confirm: its own application first, then the provider's other
        pending ones (those past the mailbox's daily maximum reach the registry only this way)."""
        self._limit("register-confirm-ip", source_ip, REGISTRATIONS_PER_IP_PER_HOUR)
        _, own, live = self._application_of(code)
        others = sorted((k for k in live if k != own), key=lambda k: live[k]["created_at"])
        return [_application_view(k, live[k], k == own) for k in (own, *others)]

    def confirm(self, code: str, source_ip: str, application_id: str | None = None) -> RegistrationOutcome:
        """Step 3 (Finaliza), from the link mailed to the registry's address: its own application, or another
        pending one of the same provider that the mailbox's holder picked from the list."""
        self._limit("register-confirm-ip", source_ip, REGISTRATIONS_PER_IP_PER_HOUR)
        provider_id, own, live = self._application_of(code)
        chosen = live.get(application_id or own)
        if chosen is None:
            raise NotFound("La solicitud elegida ya no está pendiente. Actualice la lista", code="APPLICATION_GONE")
        form = dict(chosen["form"])
        consent = form.pop("autorizacion_datos", None)
        terms_version = form.pop("terminos_version", None)
        applicant = ApplicantForm.model_validate(form)
        person_id, doc_number = identity_from(applicant.tipo_documento, applicant.numero_documento,
                                              "solicitante.numero_documento")
        now = self._now()
        existing = self._accounts.get_person(person_id)
        membership = new_membership(
            person_id, provider_id, Role.ADMINISTRADOR,
            state=MembershipState.PENDIENTE if existing else MembershipState.ACTIVA, cargo=applicant.cargo,
            area=applicant.area, departamento=applicant.departamento, ciudad=applicant.ciudad,
            telefono=applicant.telefono, extension=applicant.extension, now=now, **contact_fields(applicant),
        )
        person, password = (None, None) if existing else new_person(
            person_id, applicant.tipo_documento.value, doc_number, now=now, consent=consent,
            **contact_fields(applicant))
        provider = self._accounts.get_provider(provider_id)
        summary = provider_summary(provider)
        if existing is None:
            email = templates.credentials(to=membership.correo, full_name=membership.full_name, username=doc_number,
                                          password=password, portal_url=self._portal_url)
        else:
            # A person who already has an account becomes administrator only by accepting, and hears of it at
            # the address they registered; the typed address receives nothing about them.
            email = templates.invitation(to=existing.correo, full_name=existing.full_name,
                                         razon_social=summary.razon_social, portal_url=self._portal_url)
        message = self._outbox.message(email)
        try:
            self._accounts.confirm_registration(provider_id, terms_version, now, person, membership,
                                                messages=[message])
        except AlreadyExists as exc:
            raise NotFound(CONFIRMATION_INVALID, code="CONFIRMATION_INVALID") from exc
        self._outbox.deliver([message])
        self._audit.record(AuditEvent.PROVIDER_REGISTERED, provider_id=provider_id, subject_id=person_id,
                           source_ip=source_ip)
        return RegistrationOutcome(provider=summary, username=doc_number)
