"""Composition root: builds the services once per container from the settings, the AWS clients and the clock.

The upload pipelines are built with `upload_clock()`; tests move it with `use_clock(now)` (the pipelines are then
built again with it), never by patching a built service. Only theirs: moving the whole app's clock
(`clock.set_source`) would also age the test's session tokens, which are checked against the system clock."""

from __future__ import annotations

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
from chalicelib.cartera import pipeline as cartera_channel
from chalicelib.cartera.eps_reads import EpsReads
from chalicelib.common import clock
from chalicelib.common.aws import client
from chalicelib.common.background import AsyncInvoker
from chalicelib.common.db import bind_tables
from chalicelib.common.s3_downloads import DOWNLOADS_PREFIX, S3Downloads, presigned_download
from chalicelib.config import get_settings
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
from chalicelib.operations.jobs import OperationsJobs
from chalicelib.operations.retries import JobRetries
from chalicelib.payments.repository import PaymentRepository
from chalicelib.payments.service import PaymentQueryService
from chalicelib.pdf.issuer import InMemoryIssuedRegistry, IssuedRegistry, PdfIssuer
from chalicelib.pdf.render import Letterhead
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


# --- affiliates' finance (issue 25): PAC invoice, cartera, historial de pagos, incapacidades
EPS_LETTERHEAD = ("Servicio Occidental de Salud EPS S.O.S. S.A.", "805001157-2")
_issued_registry: dict[str, IssuedRegistry] = {}


def use_issued_registry(registry: IssuedRegistry | None) -> None:
    """Keep what PDFs are issued in `registry` from here on (None: the default again); the certificates' DynamoDB
    registry is connected here."""
    _issued_registry.clear()
    if registry is not None:
        _issued_registry["registry"] = registry


def pdf_issuer() -> PdfIssuer:
    """Every PDF of the affiliates' office: the EPS's letterhead, a code verifiable on the public page."""
    registry = _issued_registry.setdefault("registry", InMemoryIssuedRegistry())
    verify_url = f"{get_settings().portal_url}/#/verificacion"
    return PdfIssuer(Letterhead(*EPS_LETTERHEAD, verify_url), registry, clock.now)


def affiliate_finance_repository() -> FinanceRepository:
    bind()
    return FinanceRepository()


def _bogota_today():
    return clock.now().date()


def affiliate_pac_invoice() -> PacInvoiceService:
    return PacInvoiceService(affiliate_directory(), affiliate_finance_repository(), pdf_issuer(), payment_content)


def pac_invoice_payable() -> PacInvoicePayable:
    """PAY's `Payable` for kind "FACTURA_PAC"."""
    return PacInvoicePayable(affiliate_finance_repository())


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
                  cartera_quota):
        built.cache_clear()
    _clock.update(_DEFAULT_CLOCK)
    _directory_override.clear()
    _issued_registry.clear()
    keys.forget()
