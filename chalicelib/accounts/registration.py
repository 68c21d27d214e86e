"""Provider registration, seed 002 §2: Valida → Registra → Finaliza."""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.accounts import repository, throttling
from chalicelib.accounts.models import MembershipRecord, PersonRecord, ProviderRegistrationRecord
from chalicelib.accounts.permissions import OPERATIONS_NAME, OPERATIONS_TENANT, Role
from chalicelib.accounts.schemas import ApplicantForm, DocumentRef, ProviderSummary, RegistrationRequest
from chalicelib.audit import trail
from chalicelib.audit.trail import AuditEvent
from chalicelib.common import geo
from chalicelib.common.errors import Conflict, InvalidInput, NotFound, TooManyRequests
from chalicelib.common.identifiers import (
    DocumentType,
    InvalidDocument,
    identity_key,
    nit_check_digit,
    normalize_document_number,
)
from chalicelib.notifications import templates
from chalicelib.notifications.mailer import Mailer
from chalicelib.providers.models import ProviderRecord
from chalicelib.security.passwords import generate_password, hash_password

PROVIDER_NOT_FOUND = (
    "El documento ingresado no está registrado como prestador de servicios de la EPS. "
    "Debe crearse como prestador dentro de la EPS"
)
PROVIDER_ALREADY_REGISTERED = "El prestador ya se encuentra registrado en la Oficina Virtual Prestadores"


def provider_summary(provider: ProviderRecord | None) -> ProviderSummary:
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
        raise InvalidInput("La solicitud tiene datos inválidos",
                           details=[{"campo": field, "mensaje": str(exc)}]) from exc
    return identity_key(doc_type, number), number


def validate_provider(ref: DocumentRef, field: str = "numero_documento") -> ProviderRecord:
    """Step 1 (Valida): the provider exists in the EPS registry and is not registered yet."""
    provider_id, _ = identity_from(ref.tipo_documento, ref.numero_documento, field)
    provider = repository.get_provider(provider_id)
    if provider is None:
        raise NotFound(PROVIDER_NOT_FOUND, code="PROVIDER_NOT_FOUND")
    if repository.is_provider_registered(provider_id):
        raise Conflict(PROVIDER_ALREADY_REGISTERED, code="PROVIDER_ALREADY_REGISTERED")
    return provider


def resolve_location(departamento: str, ciudad: str, prefix: str) -> tuple[str, str]:
    dep = geo.find_departamento(departamento)
    if dep is None:
        raise InvalidInput("La solicitud tiene datos inválidos",
                           details=[{"campo": f"{prefix}departamento", "mensaje": "Departamento no válido"}])
    city = geo.find_municipio(dep.code, ciudad)
    if city is None:
        raise InvalidInput("La solicitud tiene datos inválidos", details=[
            {"campo": f"{prefix}ciudad", "mensaje": f"La ciudad no pertenece al departamento {dep.name}"}])
    return dep.name, city.name


@dataclass(frozen=True, slots=True)
class RegistrationOutcome:
    provider: ProviderSummary
    username: str


VALIDATIONS_PER_IP_PER_HOUR = 30
REGISTRATIONS_PER_IP_PER_HOUR = 10


class RegistrationService:
    def __init__(self, mailer: Mailer, portal_url: str, throttle_secret: bytes, clock, now=repository.utcnow):
        self._mailer = mailer
        self._portal_url = portal_url
        self._secret = throttle_secret
        self._clock = clock
        self._now = now

    def validate(self, ref: DocumentRef, source_ip: str) -> ProviderRecord:
        self._limit("register-validate-ip", source_ip, VALIDATIONS_PER_IP_PER_HOUR)
        return validate_provider(ref)

    def _limit(self, scope: str, source_ip: str, per_hour: int) -> None:
        """Keeps the registry from being scraped NIT by NIT and the form from being scripted."""
        now = self._clock()
        if not throttling.within_limit(self._secret, scope, source_ip, limit=per_hour, window_seconds=3600, now=now):
            raise TooManyRequests("Demasiadas solicitudes de registro desde su red. Intente de nuevo en una hora",
                                  retry_after_seconds=3600 - now % 3600, code="REGISTRATION_THROTTLED")

    def register(self, request: RegistrationRequest, source_ip: str) -> RegistrationOutcome:
        self._limit("register-ip", source_ip, REGISTRATIONS_PER_IP_PER_HOUR)
        provider = validate_provider(request.prestador, "prestador.numero_documento")
        applicant = request.solicitante
        person_id, doc_number = identity_from(applicant.tipo_documento, applicant.numero_documento,
                                           "solicitante.numero_documento")
        departamento, ciudad = resolve_location(applicant.departamento, applicant.ciudad, "solicitante.")
        now = self._now()
        existing = repository.get_person(person_id)
        password = None
        new_person = None
        if existing is None:
            password = generate_password()
            new_person = self._new_person(applicant, person_id, doc_number, password, now)
        membership = MembershipRecord(
            person_id, provider.provider_id, role=Role.ADMINISTRADOR.value, menus=set(), state="ACTIVA",
            primer_nombre=applicant.primer_nombre, segundo_nombre=applicant.segundo_nombre or None,
            primer_apellido=applicant.primer_apellido, segundo_apellido=applicant.segundo_apellido or None,
            cargo=applicant.cargo, area=applicant.area, departamento=departamento, ciudad=ciudad,
            telefono=applicant.telefono, extension=applicant.extension, celular=applicant.celular,
            correo=str(applicant.correo).lower(), created_at=now, updated_at=now,
        )
        registration = ProviderRegistrationRecord(provider.provider_id, admin_person_id=person_id,
                                                  registered_at=now)
        try:
            repository.register_provider_admin(registration, new_person, membership)
        except repository.AlreadyExists as exc:
            raise Conflict(PROVIDER_ALREADY_REGISTERED, code="PROVIDER_ALREADY_REGISTERED") from exc

        trail.record(AuditEvent.PROVIDER_REGISTERED, provider_id=provider.provider_id, actor_id=person_id,
                     subject_id=person_id, source_ip=source_ip)
        summary = provider_summary(provider)
        person = new_person or existing
        self._send_emails(applicant, person, summary, doc_number, password, departamento, ciudad)
        return RegistrationOutcome(provider=summary, username=doc_number)

    @staticmethod
    def _new_person(applicant: ApplicantForm, person_id: str, doc_number: str, password: str, now) -> PersonRecord:
        return PersonRecord(
            person_id, doc_type=applicant.tipo_documento.value, doc_number=doc_number,
            primer_nombre=applicant.primer_nombre, segundo_nombre=applicant.segundo_nombre or None,
            primer_apellido=applicant.primer_apellido, segundo_apellido=applicant.segundo_apellido or None,
            correo=str(applicant.correo).lower(), celular=applicant.celular,
            password_hash=hash_password(password), must_change_password=True, token_version=1,
            created_at=now,
        )

    def _send_emails(self, applicant: ApplicantForm, person: PersonRecord, provider: ProviderSummary,
                     username: str, password: str | None, departamento: str, ciudad: str) -> None:
        corporate_email = str(applicant.correo).lower()
        self._mailer.send(templates.new_admin_confirmation(
            to=corporate_email, full_name=person.full_name, razon_social=provider.razon_social,
            provider_label=f"{provider.tipo_documento} {provider.numero_documento}", cargo=applicant.cargo,
            area=applicant.area, departamento=departamento, ciudad=ciudad, portal_url=self._portal_url,
        ))
        if password is not None:
            self._mailer.send(templates.credentials(
                to=corporate_email, full_name=person.full_name, username=username, password=password,
                portal_url=self._portal_url,
            ))
        else:
            # A person already known keeps one password for every provider (seed 002 §2.2).
            self._mailer.send(templates.existing_user_linked(
                to=person.correo, full_name=person.full_name, username=username,
                razon_social=provider.razon_social, portal_url=self._portal_url,
            ))
