"""Composition root: builds the services once per container from the settings, the AWS clients and the clock.

The upload pipelines are built with `upload_clock()`; tests move it with `use_clock(now)` (the pipelines are then
built again with it), never by patching a built service. Only theirs: moving the whole app's clock
(`clock.set_source`) would also age the test's session tokens, which are checked against the system clock."""

from __future__ import annotations

import json
from functools import cache, partial
from typing import cast

from chalicelib.access_log.repository import AccessLogRepository
from chalicelib.access_log.service import AccessLogService
from chalicelib.accounts.devices import DeviceCookies
from chalicelib.accounts.invitations import InvitationService
from chalicelib.accounts.my_account import MyAccountService
from chalicelib.accounts.registration import RegistrationService
from chalicelib.accounts.repository import AccountRepository, ThrottleCounters
from chalicelib.accounts.sessions import SessionService
from chalicelib.accounts.throttling import Throttle
from chalicelib.accounts.unlock import UnlockService
from chalicelib.accounts.users import UserAdminService
from chalicelib.affiliate_accounts import principal as affiliate_session
from chalicelib.affiliate_accounts.account import AffiliateAccountService
from chalicelib.affiliate_accounts.challenge import ProofOfWork
from chalicelib.affiliate_accounts.registration import AffiliateRegistrationService
from chalicelib.affiliate_accounts.repository import AffiliateAccountRepository
from chalicelib.affiliate_accounts.sessions import AffiliateSessionService
from chalicelib.affiliate_accounts.tickets import Tickets
from chalicelib.affiliate_finance.cartera import CarteraService
from chalicelib.affiliate_finance.content import payment_content
from chalicelib.affiliate_finance.history import PaymentHistoryService
from chalicelib.affiliate_finance.incapacidades import IncapacidadesService
from chalicelib.affiliate_finance.ledgers import PacPayments, PbsDebts
from chalicelib.affiliate_finance.pac_invoice import PacInvoiceService
from chalicelib.affiliate_finance.payable import PacInvoicePayable
from chalicelib.affiliate_finance.repository import FinanceRepository
from chalicelib.affiliates import refs as affiliate_refs
from chalicelib.affiliates.documents import DocumentsService
from chalicelib.affiliates.home import HomeService
from chalicelib.affiliates.household import Households
from chalicelib.affiliates.ips_change import IpsChangeService
from chalicelib.affiliates.novedades_export import NovedadesExport
from chalicelib.affiliates.operator_queues import IpsChangeQueueService, SupportQueueService
from chalicelib.affiliates.personal_data import Clocks, PersonalDataService
from chalicelib.affiliates.ports import AffiliateDirectory, Novedades
from chalicelib.affiliates.repository import AffiliateRepository
from chalicelib.affiliates.requests_repository import AffiliateRequestRepository
from chalicelib.affiliates.supports import S3SupportFiles
from chalicelib.audit.repository import AuditRepository
from chalicelib.audit.trail import AuditTrail
from chalicelib.authorizations.ledger import OfficeCopays, OpsLedger
from chalicelib.authorizations.presolicitudes_queue import PresolicitudQueueService
from chalicelib.authorizations.presolicitudes_reader import PresolicitudReader
from chalicelib.authorizations.presolicitudes_repository import PresolicitudRepository
from chalicelib.authorizations.presolicitudes_service import PresolicitudService
from chalicelib.authorizations.repository import AuthorizationRepository
from chalicelib.authorizations.service import AuthorizationsService
from chalicelib.cartera import pipeline as cartera_channel
from chalicelib.cartera.eps_reads import EpsReads
from chalicelib.certificates.builders import Eps
from chalicelib.certificates.repository import IssuedDocuments
from chalicelib.certificates.service import CertificateService, Sources
from chalicelib.certificates.verification import VerificationService
from chalicelib.common import clock
from chalicelib.common.aws import client
from chalicelib.common.background import AsyncInvoker
from chalicelib.common.db import bind_tables
from chalicelib.common.s3_downloads import DOWNLOADS_PREFIX, S3Downloads, presigned_download
from chalicelib.config import ConfigurationError, get_settings
from chalicelib.eps.cartera_view import CarteraViews
from chalicelib.eps.repository import CarteraViewStore, InvoiceRepository
from chalicelib.glosas import loads as glosa_channel
from chalicelib.glosas.detail_job_store import JobsDetailStore
from chalicelib.glosas.detail_jobs import DetailFileJobs
from chalicelib.glosas.detail_view import GlosaDetailViews, GlosaViewStore
from chalicelib.glosas.repository import GlosaRepository
from chalicelib.glosas.service import DETAIL_FILE_MAX_LINES, GlosaQueryService
from chalicelib.indicators.repository import IndicatorRepository
from chalicelib.indicators.service import IndicatorService
from chalicelib.ingest import service as ingest_service
from chalicelib.ingest.pipeline import IngestPipeline
from chalicelib.ingest.storage import S3Storage
from chalicelib.jobs import channels
from chalicelib.jobs.executions import StepFunctionsExecutions
from chalicelib.jobs.leases import LeaseTable
from chalicelib.jobs.repository import JobRepository
from chalicelib.jobs.sequences import SequenceTable
from chalicelib.notifications.mailer import SesMailer
from chalicelib.notifications.outbox import Outbox
from chalicelib.notifications.repository import OutboxRepository
from chalicelib.online_payments.copays import CopayPayable
from chalicelib.online_payments.gateway import PaymentGateway
from chalicelib.online_payments.history import PaymentHistory
from chalicelib.online_payments.repository import OnlinePaymentRepository
from chalicelib.online_payments.service import CopayPaymentStates, OnlinePaymentService
from chalicelib.online_payments.simulator import SimulatedGateway
from chalicelib.online_payments.transport import UrllibTransport
from chalicelib.online_payments.types import OfficeCopays as PaymentOfficeCopays
from chalicelib.online_payments.types import OpsLedger as PaymentOpsLedger
from chalicelib.online_payments.types import PaymentKind
from chalicelib.online_payments.wompi import PRODUCTION_API, WompiGateway
from chalicelib.operations.jobs import OperationsJobs
from chalicelib.operations.retries import JobRetries
from chalicelib.payments.repository import PaymentRepository
from chalicelib.payments.service import PaymentQueryService
from chalicelib.pdf.issuer import PdfIssuer
from chalicelib.pdf.render import Letterhead
from chalicelib.pqrs.contact import ContactService
from chalicelib.pqrs.desk import PqrsDesk
from chalicelib.pqrs.repository import PqrsRepository
from chalicelib.pqrs.service import AffiliatePqrsService
from chalicelib.pqrs.survey import AffiliateSurvey
from chalicelib.providers.repository import existing_providers, sucursales_of
from chalicelib.security import keys
from chalicelib.security.tokens import TokenService
from chalicelib.survey.repository import SurveyRepository
from chalicelib.survey.service import SurveyService
from chalicelib.uploads.pipeline import UploadKit, UploadPipeline
from chalicelib.uploads.policies import DailyQuotaPolicy
from chalicelib.uploads.ports import Clock
from chalicelib.uploads.presigned import PresignedUploads
from chalicelib.uploads.quota import DailyQuota
from chalicelib.uploads.requests import MemberRecipients, UploadRequests


@cache
def bind() -> None:
    """Point the models at this stage's tables; first use, not import (chalice package imports the app)."""
    settings = get_settings()
    bind_tables(settings.table_prefix, settings.region, settings.endpoint_url)


@cache
def outbox() -> Outbox:
    """Every email goes through the outbox: recorded, handed to SES, retried apart (outbox_retry)."""
    bind()
    return Outbox(OutboxRepository(), SesMailer(client("ses"), get_settings().mail_sender))


@cache
def attachment_mailer() -> SesMailer:
    """Emails that carry a file (a glosa load's result, up to 7 MB) do not fit an outbox item (400 KB): they go
    straight to SES from a Step Functions task, whose retries and failure alarm stand in for the outbox's."""
    bind()
    return SesMailer(client("ses"), get_settings().mail_sender)


@cache
def tokens() -> TokenService:
    settings = get_settings()
    return TokenService(keys.signing_key, issuer=settings.token_issuer, audience=settings.token_audience,
                        ttl_seconds=settings.token_ttl_seconds)


@cache
def affiliate_tokens() -> TokenService:
    """Affiliates' sessions: the same service and key, their own audience (neither kind opens the other's routes)."""
    settings = get_settings()
    return TokenService(keys.signing_key, issuer=settings.token_issuer, audience=affiliate_session.AUDIENCE,
                        ttl_seconds=settings.token_ttl_seconds)


# --- accounts: each service is handed its repositories, its throttle and its audit trail here
@cache
def accounts_repository() -> AccountRepository:
    bind()
    return AccountRepository()


@cache
def throttle() -> Throttle:
    bind()
    # The counters' HMACs are keyed apart from the signing key (never equal to it), and follow its rotation.
    return Throttle(ThrottleCounters(), partial(keys.derived_key, b"oficina-virtual/throttle-counters"))


@cache
def devices() -> DeviceCookies:
    return DeviceCookies(partial(keys.derived_key, b"oficina-virtual/device-cookies"))


@cache
def audit() -> AuditTrail:
    bind()
    return AuditTrail(AuditRepository())


def _background() -> AsyncInvoker:
    """The accounts' background function (password recovery and unlock links), invoked asynchronously."""
    return AsyncInvoker(client("lambda"), get_settings().recovery_function_name)


@cache
def sessions() -> SessionService:
    return SessionService(accounts_repository(), throttle(), devices(), tokens(), audit(), clock=clock.epoch_seconds)


@cache
def registration() -> RegistrationService:
    return RegistrationService(accounts_repository(), throttle(), outbox(), audit(), get_settings().portal_url,
                               clock=clock.epoch_seconds)


@cache
def users() -> UserAdminService:
    return UserAdminService(accounts_repository(), outbox(), audit(), get_settings().portal_url)


@cache
def invitations() -> InvitationService:
    return InvitationService(accounts_repository(), audit())


@cache
def my_account() -> MyAccountService:
    return MyAccountService(accounts_repository(), throttle(), outbox(), audit(), get_settings().portal_url,
                            clock=clock.epoch_seconds, background=_background())


@cache
def unlock() -> UnlockService:
    return UnlockService(accounts_repository(), throttle(), devices(), outbox(), audit(), get_settings().portal_url,
                         clock=clock.epoch_seconds, background=_background())


# --- affiliates' accounts (issue 23): registration, sessions, password
# Difficulty of the registration's "No soy un robot" (about 2**18 sha256 in the browser: well under a second).
AFFILIATE_POW_BITS = 18
AFFILIATE_POW_SECONDS = 10 * 60
AFFILIATE_TICKET_SECONDS = 15 * 60
_directory_override: dict[str, AffiliateDirectory] = {}


def use_affiliate_directory(directory: AffiliateDirectory | None) -> None:
    """Build the affiliate services with `directory` from here on (None: the real one again); tests."""
    _directory_override.clear()
    if directory is not None:
        _directory_override["directory"] = directory
    for built in (affiliate_registration, affiliate_account):
        built.cache_clear()


def affiliate_directory() -> AffiliateDirectory:
    """The affiliates' data (AffiliateDirectory + Novedades), or the one a test set with use_affiliate_directory."""
    if "directory" in _directory_override:
        return _directory_override["directory"]
    bind()
    return AffiliateRepository()


@cache
def affiliate_accounts_repository() -> AffiliateAccountRepository:
    bind()
    return AffiliateAccountRepository()


@cache
def affiliate_registration_proof() -> ProofOfWork:
    return ProofOfWork(throttle(), bits=AFFILIATE_POW_BITS, ttl_seconds=AFFILIATE_POW_SECONDS,
                       clock=clock.epoch_seconds)


@cache
def affiliate_registration() -> AffiliateRegistrationService:
    tickets = Tickets(partial(keys.derived_key, b"oficina-virtual/affiliate-registration-tickets"),
                      ttl_seconds=AFFILIATE_TICKET_SECONDS, clock=clock.epoch_seconds)
    return AffiliateRegistrationService(
        affiliate_directory(), affiliate_accounts_repository(), throttle(), affiliate_registration_proof(), tickets,
        partial(keys.derived_key, b"oficina-virtual/affiliate-identity-questions"), outbox(), audit(),
        get_settings().portal_url, clock=clock.epoch_seconds)


@cache
def affiliate_sessions() -> AffiliateSessionService:
    return AffiliateSessionService(affiliate_accounts_repository(), accounts_repository(), throttle(),
                                   affiliate_tokens(), audit(), clock=clock.epoch_seconds)


@cache
def affiliate_account() -> AffiliateAccountService:
    return AffiliateAccountService(affiliate_accounts_repository(), affiliate_directory(), throttle(), outbox(),
                                   audit(), get_settings().portal_url, clock=clock.epoch_seconds,
                                   background=_background())


@cache
def ingest_storage() -> S3Storage:
    return S3Storage(client("s3"), get_settings().data_bucket)


@cache
def executions() -> StepFunctionsExecutions:
    return StepFunctionsExecutions(client("stepfunctions"))


@cache
def operations_jobs() -> OperationsJobs:
    bind()
    retries = JobRetries(jobs(), {channels.INGEST: ingest_pipeline(), channels.GLOSA_RESPONSES: glosa_loads()})
    return OperationsJobs(executions(), ingest_storage(), retries, jobs())


@cache
def ingest_pipeline() -> IngestPipeline:
    bind()
    settings = get_settings()
    return IngestPipeline(ingest_storage(), executions(), settings.ingest_state_machine_arn, jobs=jobs(),
                          leases=leases(), sequences=sequences(), tables=ingest_service,
                          providers=existing_providers, slot_poll_seconds=settings.slot_poll_seconds)


@cache
def access_log() -> AccessLogService:
    bind()
    return AccessLogService(AccessLogRepository(), keys.derived_key(b"oficina-virtual/access-log-params"))


@cache
def downloads() -> S3Downloads:
    return S3Downloads(client("s3"), get_settings().data_bucket)


@cache
def payments() -> PaymentQueryService:
    bind()
    return PaymentQueryService(PaymentRepository(), downloads())


@cache
def indicators() -> IndicatorService:
    bind()
    return IndicatorService(IndicatorRepository(), sucursales_of, lambda: clock.now().year)


def glosa_queries(max_detail_lines: int = DETAIL_FILE_MAX_LINES) -> GlosaQueryService:
    """Gestión de glosas' reads; a detail file over `max_detail_lines` is made by glosa_detail_files()."""
    bind()
    return GlosaQueryService(GlosaRepository(), downloads(), lambda: clock.now().date(),
                             detail_jobs=glosa_detail_files(), max_detail_lines=max_detail_lines)


@cache
def glosas() -> GlosaQueryService:
    return glosa_queries()


@cache
def glosa_detail_files() -> DetailFileJobs:
    """Large detail files: a job in the jobs table, the file made by the glosas_detail_file function (invoked
    asynchronously), linked from the downloads prefix while the provider polls."""
    bind()
    settings, s3, expires = get_settings(), client("s3"), downloads().expires_seconds
    return DetailFileJobs(
        JobsDetailStore(jobs(), settings.data_bucket),
        AsyncInvoker(client("lambda"), settings.glosa_detail_function_name),
        lambda key, name: presigned_download(s3, settings.data_bucket, DOWNLOADS_PREFIX + key, name, expires),
        clock.now, expires)


@cache
def survey() -> SurveyService:
    bind()
    return SurveyService(SurveyRepository(), now=clock.now)


def cartera_views() -> CarteraViews:
    """The providers' stored cartera views (built by ingestion's derive step, read by reconciliations)."""
    invoices = InvoiceRepository()
    return CarteraViews(invoices, CarteraViewStore(client("s3"), get_settings().data_bucket))


def eps_reads() -> EpsReads:
    """The reads of one reconciliation (a fresh request count each), composed from the tables' owners: the stored
    view when it is fresh, else the tables."""
    return EpsReads(InvoiceRepository(), cartera_views())


# --- affiliates' Mi cuenta (issue 23): built per call (cheap), so a test's directory (use_affiliate_directory)
# reaches them without clearing caches
def affiliate_novedades() -> Novedades:
    return cast(Novedades, affiliate_directory())  # the affiliates' repository implements both ports


def affiliate_requests() -> AffiliateRequestRepository:
    bind()
    return AffiliateRequestRepository()


def affiliate_households() -> Households:
    return Households(affiliate_directory(), affiliate_novedades(), lambda: clock.now().date())


def affiliate_home() -> HomeService:
    return HomeService(affiliate_directory(), affiliate_households())


def affiliate_personal_data() -> PersonalDataService:
    return PersonalDataService(affiliate_households(), affiliate_novedades(), affiliate_requests(), outbox(),
                               get_settings().portal_url, Clocks(now=clock.now, epoch=clock.epoch_seconds))


def _support_files() -> S3SupportFiles:
    return S3SupportFiles(client("s3"), get_settings().data_bucket)


def affiliate_documents() -> DocumentsService:
    return DocumentsService(affiliate_directory(), affiliate_households(), affiliate_requests(), _support_files(),
                            outbox(), get_settings().portal_url, clock.now)


def affiliate_ips_change() -> IpsChangeService:
    return IpsChangeService(affiliate_directory(), affiliate_households(), affiliate_requests(), outbox(),
                            get_settings().portal_url, clock.now)


def affiliate_support_queue() -> SupportQueueService:
    return SupportQueueService(affiliate_directory(), affiliate_requests(), _support_files(), outbox(), audit(),
                               get_settings().portal_url, clock.now)


def affiliate_ips_queue() -> IpsChangeQueueService:
    return IpsChangeQueueService(affiliate_directory(), affiliate_requests(), outbox(), audit(),
                                 get_settings().portal_url, clock.now)


def affiliate_novedades_export() -> NovedadesExport:
    return NovedadesExport(affiliate_directory(), affiliate_novedades(), downloads(), audit(), clock.now)



# --- affiliates' Autorizaciones médicas (issue 24): Consultar estado, MIPRES, copy of an OPS
def authorizations_store() -> AuthorizationRepository:
    bind()
    return AuthorizationRepository()


def affiliate_authorizations() -> AuthorizationsService:
    return AuthorizationsService(affiliate_directory(), affiliate_households(), authorizations_store(),
                                 presolicitud_reader(), copay_payment_states(), pdf_issuer(),
                                 lambda: clock.now().date())



# --- Registrar mi Solicitud (issue 24): built per call, like Mi cuenta's services
PRESOLICITUD_LINK_SECONDS = 120  # an operator opens an attachment at once; each link is a logged read


def presolicitudes_store() -> PresolicitudRepository:
    bind()
    return PresolicitudRepository()


def affiliate_presolicitudes() -> PresolicitudService:
    return PresolicitudService(affiliate_directory(), affiliate_households(), presolicitudes_store(), _support_files(),
                               sequences(), outbox(), get_settings().portal_url, clock.now)


def presolicitudes_queue() -> PresolicitudQueueService:
    links = S3SupportFiles(client("s3"), get_settings().data_bucket, expires_seconds=PRESOLICITUD_LINK_SECONDS)
    return PresolicitudQueueService(affiliate_directory(), presolicitudes_store(), links, PRESOLICITUD_LINK_SECONDS,
                                    outbox(), audit(), get_settings().portal_url, clock.now)


def presolicitud_reader() -> PresolicitudReader:
    """OPS's Consultar estado lists the portal's presolicitudes through this (SPLIT.md)."""
    return PresolicitudReader(affiliate_directory(), presolicitudes_store())

# --- copays paid online (issue 24): built per call like Mi cuenta's services; the gateway is Wompi in prod, the
# simulator on the local and test stages. The OPS a payment settles and the office copays are the authorisations'
# (OpsLedger, OfficeCopays); a test may hand others with use_payment_sources.
_payment_sources: dict[str, object] = {}


def use_payment_sources(ledger: PaymentOpsLedger | None = None, office: PaymentOfficeCopays | None = None) -> None:
    _payment_sources.clear()
    _payment_sources.update({k: v for k, v in (("ledger", ledger), ("office", office)) if v is not None})


def ops_ledger() -> PaymentOpsLedger:
    """The OPS a copay payment settles."""
    return cast(PaymentOpsLedger, _payment_sources.get("ledger") or OpsLedger(affiliate_directory(),
                                                                              authorizations_store()))


def office_copays() -> PaymentOfficeCopays:
    """Copays paid at the EPS's offices, for the payments' history."""
    return cast(PaymentOfficeCopays, _payment_sources.get("office") or OfficeCopays(affiliate_directory(),
                                                                                    authorizations_store()))


@cache
def payment_gateway() -> PaymentGateway:
    """Wompi in prod (its keys in the PAYMENT_GATEWAY_SECRET secret); the simulator on the local and test stages."""
    settings = get_settings()
    if settings.stage != "prod":
        return SimulatedGateway(keys.derived_key(b"oficina-virtual/payment-simulator"), settings.portal_url,
                                clock.epoch_seconds)
    if settings.payment_gateway_secret is None:
        raise ConfigurationError("PAYMENT_GATEWAY_SECRET is required in prod (Wompi's keys)")
    wompi = json.loads(keys.secret(settings.payment_gateway_secret))
    return WompiGateway(public_key=wompi["public_key"], private_key=wompi["private_key"],
                        integrity_secret=wompi["integrity_secret"], events_secret=wompi["events_secret"],
                        api_url=wompi.get("api_url", PRODUCTION_API), transport=UrllibTransport(),
                        epoch=clock.epoch_seconds)


def online_payment_repository() -> OnlinePaymentRepository:
    bind()
    return OnlinePaymentRepository()


def _payer_name(identity: str) -> str:
    person = affiliate_directory().find(identity)
    return person.full_name if person else ""


class _PayerContacts:
    def email_of(self, identity: str) -> str | None:
        person = affiliate_directory().find(identity)
        return person.contact.correo if person else None


def online_payments() -> OnlinePaymentService:
    copays = CopayPayable(ops_ledger(), affiliate_households(), lambda: clock.now().date())
    payables = {PaymentKind.COPAGO: copays, PaymentKind.FACTURA_PAC: pac_invoice_payable()}
    return OnlinePaymentService(online_payment_repository(), payment_gateway(), payables,
                                _PayerContacts(), _payer_name, outbox(), get_settings().portal_url, clock.utcnow)


def payment_history() -> PaymentHistory:
    return PaymentHistory(affiliate_households(), online_payment_repository(), office_copays())


def copay_payment_states() -> CopayPaymentStates:
    """For authorizations' "Pagar" rule (OPS consumes it)."""
    return CopayPaymentStates(online_payment_repository())

# --- Contáctenos (issue 24): PQRS, the public contact form, the affiliates' survey; built per call like Mi cuenta
def pqrs_store() -> PqrsRepository:
    bind()
    return PqrsRepository()


def affiliate_pqrs() -> AffiliatePqrsService:
    return AffiliatePqrsService(pqrs_store(), affiliate_directory(), outbox(), get_settings().portal_url, clock.now)


def contact_form() -> ContactService:
    """The registration's proof of work is the form's robot check (one challenge route for both)."""
    return ContactService(pqrs_store(), affiliate_registration_proof(), throttle(), outbox(),
                          get_settings().portal_url, clock.now)


def pqrs_desk() -> PqrsDesk:
    return PqrsDesk(pqrs_store(), affiliate_directory(), outbox(), audit(), get_settings().portal_url, clock.now)


def affiliate_survey() -> AffiliateSurvey:
    return AffiliateSurvey(survey(), affiliate_directory())

# --- every PDF the EPS issues (issue 25): one letterhead, one issuer, one registry of codes and hashes
EPS = Eps("EPS-SOS", "805001157-2")
_certificate_sources: dict[str, Sources] = {}


@cache
def eps_letterhead() -> Letterhead:
    return Letterhead(EPS.name, EPS.nit, get_settings().portal_url + "/portal/#/verificar")


@cache
def issued_documents() -> IssuedDocuments:
    bind()
    return IssuedDocuments()


def pdf_issuer() -> PdfIssuer:
    return PdfIssuer(eps_letterhead(), issued_documents(), clock.now)


def use_certificate_sources(sources: Sources | None) -> None:
    """Paz y salvo's and retención's data from `sources` from here on (None: the wired ones again); tests."""
    _certificate_sources.clear()
    if sources is not None:
        _certificate_sources["sources"] = sources


def certificate_sources() -> Sources:
    """Paz y salvo's and retención's data: the aportante's cartera_pbs and the PAC payments (affiliate_finance)."""
    debts = pbs_debts()
    return _certificate_sources.get("sources") or Sources(debts, debts, pac_payments())


def affiliate_certificates() -> CertificateService:
    return CertificateService(affiliate_directory(), affiliate_households(), pdf_issuer(), certificate_sources(),
                              outbox(), EPS, get_settings().portal_url, clock.now)


def certificate_verification() -> VerificationService:
    return VerificationService(issued_documents(), throttle(), clock.epoch_seconds)


# --- affiliates' finance (issue 25): PAC invoice, cartera, historial de pagos, incapacidades
def affiliate_finance_repository() -> FinanceRepository:
    bind()
    return FinanceRepository()


def _bogota_today():
    return clock.now().date()


def affiliate_pac_invoice() -> PacInvoiceService:
    return PacInvoiceService(affiliate_directory(), affiliate_finance_repository(), pdf_issuer(), payment_content)


def pac_invoice_payable() -> PacInvoicePayable:
    """PAY's `Payable` for kind "FACTURA_PAC"."""
    return PacInvoicePayable(affiliate_finance_repository(), affiliate_refs.ref_maker())


def affiliate_cartera() -> CarteraService:
    return CarteraService(affiliate_directory(), affiliate_finance_repository(), pdf_issuer(), attachment_mailer(),
                          _bogota_today)


def affiliate_payment_history() -> PaymentHistoryService:
    return PaymentHistoryService(affiliate_directory(), affiliate_finance_repository(), pdf_issuer(), _bogota_today)


def affiliate_incapacidades() -> IncapacidadesService:
    return IncapacidadesService(affiliate_directory(), affiliate_finance_repository(), pdf_issuer(), _bogota_today)


def pbs_debts() -> PbsDebts:
    return PbsDebts(affiliate_finance_repository())


def pac_payments() -> PacPayments:
    return PacPayments(affiliate_finance_repository())


# --- provider uploads: one pipeline per channel (chalicelib/uploads/pipeline.py), each with its processor
UPLOAD_CHANNELS = (channels.CARTERA, channels.GLOSA_RESPONSES)
_DEFAULT_CLOCK: dict[str, Clock] = {"now": clock.now}
_clock = dict(_DEFAULT_CLOCK)


def upload_clock() -> Clock:
    return _clock["now"]


def use_clock(now: Clock | None) -> None:
    """Build the upload pipelines with `now` from here on (None: the real clock again)."""
    _clock["now"] = now or _DEFAULT_CLOCK["now"]
    for built in (cartera, glosa_loads, operations_jobs):
        built.cache_clear()


@cache
def jobs() -> JobRepository:
    bind()
    return JobRepository()


@cache
def leases() -> LeaseTable:
    bind()
    return LeaseTable()


@cache
def sequences() -> SequenceTable:
    bind()
    return SequenceTable()


@cache
def cartera_quota() -> DailyQuota:
    bind()
    return DailyQuota(channels.CARTERA, limit=cartera_channel.DAILY_LIMIT, ceiling=cartera_channel.DAILY_CEILING)


def _upload_kit(channel: str, state_machine_arn: str, mailer, *, max_bytes: int, upload_seconds: int) -> UploadKit:
    now = upload_clock()
    requests = UploadRequests(channel, ingest_storage(), PresignedUploads(client("s3"), get_settings().data_bucket),
                              executions(), state_machine_arn, jobs=jobs(),
                              recipients=MemberRecipients(accounts_repository()), max_bytes=max_bytes,
                              upload_seconds=upload_seconds, now=now)
    return UploadKit(requests, jobs(), ingest_storage(), mailer, now)


@cache
def cartera() -> UploadPipeline:
    bind()
    settings = get_settings()
    kit = _upload_kit(cartera_channel.PIPELINE, settings.cartera_state_machine_arn, outbox(),
                      max_bytes=cartera_channel.MAX_FILE_BYTES, upload_seconds=cartera_channel.UPLOAD_SECONDS)
    policy = DailyQuotaPolicy(cartera_quota(), jobs(), kit.now, cartera_channel.quota_exceeded)
    return UploadPipeline(cartera_channel.CarteraProcessor(kit, policy, eps_reads, settings.portal_url), kit)


@cache
def glosa_loads() -> UploadPipeline:
    bind()
    settings = get_settings()
    kit = _upload_kit(glosa_channel.PIPELINE, settings.glosas_state_machine_arn, attachment_mailer(),
                      max_bytes=glosa_channel.MAX_FILE_BYTES, upload_seconds=glosa_channel.UPLOAD_SECONDS)
    turn = glosa_channel.turn_policy(leases(), jobs(), kit.now)
    glosas = GlosaRepository()
    processor = glosa_channel.GlosaResponseProcessor(kit, turn, sequences(), glosas, settings.portal_url,
                                                     GlosaDetailViews(glosas, GlosaViewStore(client("s3"),
                                                                                             settings.data_bucket)))
    return UploadPipeline(processor, kit)


def upload_pipeline(channel: str) -> UploadPipeline:
    """The pipeline of an upload channel (UPLOAD_CHANNELS); KeyError for any other."""
    return {channels.CARTERA: cartera, channels.GLOSA_RESPONSES: glosa_loads}[channel]()


def reset() -> None:
    """Forget built services (tests and the local stack rebind between AWS backends)."""
    for built in (bind, outbox, attachment_mailer, tokens, accounts_repository, throttle, devices, audit, sessions,
                  registration, users, invitations, my_account, unlock, affiliate_tokens, affiliate_accounts_repository,
                  affiliate_registration_proof, affiliate_registration, affiliate_sessions, affiliate_account,
                  ingest_storage, executions, operations_jobs, ingest_pipeline, access_log, downloads, payments,
                  indicators, glosas, glosa_detail_files, survey, cartera, glosa_loads, jobs, leases, sequences,
                  cartera_quota, payment_gateway, issued_documents):
        built.cache_clear()
    _payment_sources.clear()
    _certificate_sources.clear()
    _clock.update(_DEFAULT_CLOCK)
    _directory_override.clear()
    keys.forget()
