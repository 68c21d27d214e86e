"""Composition root: builds the services once per container from the settings and AWS clients."""

from __future__ import annotations

import hashlib
import hmac
from functools import cache, lru_cache

from chalicelib.access_log.repository import AccessLogRepository
from chalicelib.access_log.service import AccessLogService
from chalicelib.accounts.invitations import InvitationService
from chalicelib.accounts.my_account import MyAccountService
from chalicelib.accounts.registration import RegistrationService
from chalicelib.accounts.sessions import SessionService
from chalicelib.accounts.users import UserAdminService
from chalicelib.cartera.pipeline import CarteraPipeline
from chalicelib.common import clock
from chalicelib.common.aws import client
from chalicelib.common.background import AsyncInvoker
from chalicelib.common.db import bind_tables
from chalicelib.common.s3_downloads import S3Downloads
from chalicelib.config import get_settings
from chalicelib.glosas.repository import GlosaRepository
from chalicelib.glosas.service import GlosaQueryService
from chalicelib.indicators.repository import IndicatorRepository
from chalicelib.indicators.service import IndicatorService
from chalicelib.ingest.pipeline import IngestPipeline
from chalicelib.ingest.storage import S3Storage
from chalicelib.jobs.executions import StepFunctionsExecutions
from chalicelib.notifications.mailer import SesMailer
from chalicelib.payments.repository import PaymentRepository
from chalicelib.payments.service import PaymentQueryService
from chalicelib.providers.repository import sucursales_of
from chalicelib.security.keys import signing_key
from chalicelib.security.tokens import TokenService
from chalicelib.survey.repository import SurveyRepository
from chalicelib.survey.service import SurveyService
from chalicelib.uploads.presigned import PresignedUploads


@cache
def bind() -> None:
    """Point the models at this stage's tables; first use, not import (chalice package imports the app)."""
    settings = get_settings()
    bind_tables(settings.table_prefix, settings.region, settings.endpoint_url)


@cache
def mailer() -> SesMailer:
    return SesMailer(client("ses"), get_settings().mail_sender)


# Services holding the signing key or a key derived from it are built per key value: when the key is
# rotated (security.keys re-reads it every few minutes), the next call builds them again with the new one.
def tokens() -> TokenService:
    return _tokens(signing_key())


@lru_cache(maxsize=1)
def _tokens(key: bytes) -> TokenService:
    settings = get_settings()
    return TokenService(key, issuer=settings.token_issuer, audience=settings.token_audience,
                        ttl_seconds=settings.token_ttl_seconds)


def throttle_secret(key: bytes | None = None) -> bytes:
    """Keys the throttle counters' HMACs; derived from the signing key, but never equal to it."""
    return derived_key(b"oficina-virtual/throttle-counters", key)


def derived_key(purpose: bytes, key: bytes | None = None) -> bytes:
    """A key for one purpose, derived from the signing key (never equal to it, nor to another purpose's)."""
    return hmac.new(key or signing_key(), purpose, hashlib.sha256).digest()


def sessions() -> SessionService:
    return _sessions(signing_key())


@lru_cache(maxsize=1)
def _sessions(key: bytes) -> SessionService:
    bind()
    return SessionService(_tokens(key), throttle_secret=throttle_secret(key), clock=clock.epoch_seconds)


def registration() -> RegistrationService:
    return _registration(signing_key())


@lru_cache(maxsize=1)
def _registration(key: bytes) -> RegistrationService:
    bind()
    return RegistrationService(mailer(), get_settings().portal_url, throttle_secret=throttle_secret(key),
                               clock=clock.epoch_seconds)


@cache
def users() -> UserAdminService:
    bind()
    return UserAdminService(mailer(), get_settings().portal_url)


@cache
def invitations() -> InvitationService:
    bind()
    return InvitationService()


def my_account() -> MyAccountService:
    return _my_account(signing_key())


@lru_cache(maxsize=1)
def _my_account(key: bytes) -> MyAccountService:
    bind()
    return MyAccountService(mailer(), get_settings().portal_url, throttle_secret=throttle_secret(key),
                            clock=clock.epoch_seconds,
                            background=AsyncInvoker(client("lambda"), get_settings().recovery_function_name))


@cache
def ingest_storage() -> S3Storage:
    return S3Storage(client("s3"), get_settings().data_bucket)


@cache
def executions() -> StepFunctionsExecutions:
    return StepFunctionsExecutions(client("stepfunctions"))


@cache
def ingest_pipeline() -> IngestPipeline:
    bind()
    settings = get_settings()
    return IngestPipeline(ingest_storage(), executions(), settings.ingest_state_machine_arn,
                          settings.index_settle_seconds, settings.slot_poll_seconds)


def access_log() -> AccessLogService:
    return _access_log(signing_key())


@lru_cache(maxsize=1)
def _access_log(key: bytes) -> AccessLogService:
    bind()
    return AccessLogService(AccessLogRepository(), derived_key(b"oficina-virtual/access-log-params", key))


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


@cache
def glosas() -> GlosaQueryService:
    bind()
    return GlosaQueryService(GlosaRepository(), downloads(), lambda: clock.now().date())


@cache
def survey() -> SurveyService:
    bind()
    return SurveyService(SurveyRepository(), now=clock.now)


@cache
def cartera() -> CarteraPipeline:
    bind()
    settings = get_settings()
    return CarteraPipeline(ingest_storage(), PresignedUploads(client("s3"), settings.data_bucket), executions(),
                           settings.cartera_state_machine_arn, mailer(), client("dynamodb"), settings.portal_url)


def reset() -> None:
    """Forget built services (tests and the local stack rebind between AWS backends)."""
    for built in (bind, mailer, _tokens, _sessions, _registration, users, invitations, _my_account,
                  ingest_storage, executions, ingest_pipeline, signing_key, _access_log, downloads, payments,
                  indicators, glosas, survey, cartera):
        built.cache_clear()
