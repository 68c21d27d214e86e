"""Affiliates' registration (issue 23; seed 003 §2.1): 1 VALIDA tu identificación · 2 REGISTRA tu correo
electrónico · 3 INGRESA A tu oficina virtual. Once per document; the login is by document afterwards."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from chalicelib.accounts.consent import ConsentChannel, consent_record
from chalicelib.accounts.registration import identity_from
from chalicelib.accounts.throttling import Throttle
from chalicelib.affiliate_accounts import tickets as steps
from chalicelib.affiliate_accounts.challenge import ProofOfWork
from chalicelib.affiliate_accounts.questions import Question, all_right, identity_questions
from chalicelib.affiliate_accounts.repository import AccountExists, AffiliateAccountRepository
from chalicelib.affiliate_accounts.schemas import AnswersRequest, FinishRequest, ValidateRequest
from chalicelib.affiliate_accounts.terms import TERMS_VERSION
from chalicelib.affiliate_accounts.tickets import Tickets
from chalicelib.affiliates.ports import AffiliateDirectory
from chalicelib.affiliates.types import Affiliate
from chalicelib.audit.trail import AuditEvent, AuditTrail
from chalicelib.common import clock
from chalicelib.common.errors import Conflict, InvalidInput, NotFound, PermissionDenied, TooManyRequests
from chalicelib.common.validation import FIELDS_INVALID
from chalicelib.notifications import templates
from chalicelib.notifications.mailer import Mailer
from chalicelib.security.passwords import generate_password, hash_password

UNKNOWN_AFFILIATE = (
    "El tipo y número de identificación no se encuentra registrado en nuestra base de datos de afiliados a la EPS. "
    "Para mayor información comuníquese con la línea de atención al cliente 018000938777"
)
ALREADY_REGISTERED = ("El afiliado ya se encuentra registrado en la Oficina Virtual Afiliados; no es necesario "
                      "seguir con el registro. Ingrese con su tipo y número de documento y su contraseña")
MINOR = ("Los afiliados menores de edad no se registran en la Oficina Virtual: el cotizante de su grupo familiar "
         "consulta y actualiza sus datos desde su propia cuenta")
ROBOT_CHECK_FAILED = "La verificación «No soy un robot» no es válida o ya se usó. Resuélvala de nuevo"
WRONG_ANSWERS = ("Las respuestas a tus preguntas de seguridad no son correctas. Inténtalo de nuevo. Por motivos "
                 "de seguridad, al tercer intento errado tu documento será bloqueado temporalmente.")
BLOCKED = ("Por motivos de seguridad tu documento fue bloqueado temporalmente. Podrás intentar el registro de nuevo "
           "24 horas después")
ANSWERS_RIGHT = "Respuestas correctas. Registre su correo electrónico y su número de celular"
REGISTERED = ("Su registro fue exitoso. Enviamos su usuario y contraseña al correo electrónico registrado; al "
              "ingresar por primera vez el sistema le pedirá cambiar la contraseña")
TERMS_CHANGED = "Los términos y condiciones cambiaron; léalos y acéptelos de nuevo"

QUESTIONS_SCOPE = "afiliados-preguntas"
MAX_WRONG_ANSWERS = 3
BLOCK_SECONDS = 24 * 3600
VALIDATIONS_PER_IP_PER_HOUR = 30
VALIDATIONS_PER_DOCUMENT_PER_HOUR = 10
STEPS_PER_IP_PER_HOUR = 30


@dataclass(frozen=True, slots=True)
class Validation:
    affiliate: Affiliate
    questions: list[Question]
    ticket: str


@dataclass(frozen=True, slots=True)
class Registered:
    username: str


class AffiliateRegistrationService:
    def __init__(self, directory: AffiliateDirectory, accounts: AffiliateAccountRepository, throttle: Throttle,
                 proof: ProofOfWork, tickets: Tickets, questions_key: Callable[[], bytes], mailer: Mailer,
                 audit: AuditTrail, portal_url: str, clock, now=clock.utcnow,
                 today: Callable[[], date] = lambda: clock.now().date()):
        self._directory = directory
        self._accounts = accounts
        self._throttle = throttle
        self._proof = proof
        self._tickets = tickets
        self._questions_key = questions_key
        self._mailer = mailer
        self._audit = audit
        self._portal_url = portal_url
        self._clock = clock  # () -> epoch seconds
        self._now = now
        self._today = today  # Bogotá's date: who is under 18

    def validate(self, form: ValidateRequest, source_ip: str) -> Validation:
        """Step 1 (Valida): the robot check first, then who the document is — names and questions only for an
        adult affiliate without an account, whose document is not blocked."""
        self._limit("afiliados-validar-ip", source_ip, VALIDATIONS_PER_IP_PER_HOUR)
        if not self._proof.redeem(form.reto, form.nonce):
            raise InvalidInput(FIELDS_INVALID, details=[{"campo": "nonce", "mensaje": ROBOT_CHECK_FAILED}])
        identity, _ = identity_from(form.tipo_documento, form.numero_documento, "numero_documento")
        self._limit("afiliados-validar-doc", identity, VALIDATIONS_PER_DOCUMENT_PER_HOUR)
        affiliate = self._registrable(identity)
        return Validation(affiliate, self._questions(affiliate), self._tickets.issue(identity, steps.QUESTIONS))

    def answer(self, form: AnswersRequest, source_ip: str) -> str:
        """Step 2 (Registra), the questions: all three right opens the account form (a ticket); the third wrong
        try blocks the document 24 hours and tells the email on file."""
        self._limit("afiliados-respuestas-ip", source_ip, STEPS_PER_IP_PER_HOUR)
        identity = self._tickets.read(form.ticket, steps.QUESTIONS)
        affiliate = self._registrable(identity)
        if all_right(self._questions(affiliate), form.respuestas.model_dump()):
            self._throttle.clear_strikes(QUESTIONS_SCOPE, identity)
            return self._tickets.issue(identity, steps.ACCOUNT_FORM)
        failures = self._throttle.strike(QUESTIONS_SCOPE, identity, limit=MAX_WRONG_ANSWERS,
                                         block_seconds=BLOCK_SECONDS, now=self._clock())
        if failures < MAX_WRONG_ANSWERS:
            raise InvalidInput(WRONG_ANSWERS, code="WRONG_ANSWERS")
        if affiliate.contact.correo:
            self._mailer.send(templates.affiliate_blocked(to=affiliate.contact.correo, portal_url=self._portal_url))
        self._audit.record(AuditEvent.AFFILIATE_BLOCKED, provider_id=None, subject_id=identity, source_ip=source_ip)
        raise TooManyRequests(BLOCKED, retry_after_seconds=BLOCK_SECONDS, code="DOCUMENT_BLOCKED")

    def finish(self, form: FinishRequest, source_ip: str) -> Registered:
        """Step 3 (Ingresa): the account, with a generated password mailed in "Registro usuario"."""
        self._limit("afiliados-finalizar-ip", source_ip, STEPS_PER_IP_PER_HOUR)
        if form.version_terminos != TERMS_VERSION:
            raise InvalidInput(FIELDS_INVALID, details=[{"campo": "version_terminos", "mensaje": TERMS_CHANGED}])
        identity = self._tickets.read(form.ticket, steps.ACCOUNT_FORM)
        affiliate = self._registrable(identity)
        password = generate_password()
        now: datetime = self._now()
        consent = consent_record(ConsentChannel.AFFILIATE_REGISTRATION, source_ip, now, version=TERMS_VERSION)
        try:
            self._accounts.create(identity=identity, doc_type=affiliate.doc_type, doc_number=affiliate.doc_number,
                                  correo=str(form.correo).lower(), celular=form.celular,
                                  password_hash=hash_password(password), consent=consent, at=now)
        except AccountExists as exc:
            raise Conflict(ALREADY_REGISTERED, code="AFFILIATE_ALREADY_REGISTERED") from exc
        self._mailer.send(templates.affiliate_registration(to=str(form.correo).lower(), username=affiliate.doc_number,
                                                           password=password, portal_url=self._portal_url))
        self._audit.record(AuditEvent.AFFILIATE_REGISTERED, provider_id=None, actor_id=identity, subject_id=identity,
                           source_ip=source_ip, details={"terminos": TERMS_VERSION})
        return Registered(affiliate.doc_number)

    def _registrable(self, identity: str) -> Affiliate:
        wait = self._throttle.blocked_for(QUESTIONS_SCOPE, identity, self._clock())
        if wait:
            raise TooManyRequests(BLOCKED, retry_after_seconds=wait, code="DOCUMENT_BLOCKED")
        affiliate = self._directory.find(identity)
        if affiliate is None:
            raise NotFound(UNKNOWN_AFFILIATE, code="AFFILIATE_NOT_FOUND")
        if self._accounts.exists(identity):
            raise Conflict(ALREADY_REGISTERED, code="AFFILIATE_ALREADY_REGISTERED")
        if affiliate.is_minor_on(self._today()):
            raise PermissionDenied(MINOR, code="AFFILIATE_MINOR")
        return affiliate

    def _questions(self, affiliate: Affiliate) -> list[Question]:
        return identity_questions(affiliate, self._questions_key())

    def _limit(self, scope: str, value: str, limit: int, window_seconds: int = 3600) -> None:
        now = self._clock()
        if not self._throttle.within_limit(scope, value, limit=limit, window_seconds=window_seconds, now=now):
            raise TooManyRequests("Demasiadas solicitudes de registro. Intente de nuevo más tarde",
                                  retry_after_seconds=window_seconds - now % window_seconds,
                                  code="REGISTRATION_THROTTLED")
