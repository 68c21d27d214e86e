"""Composition root: builds the services once per container from the settings and AWS clients."""

from __future__ import annotations

import hashlib
import hmac
from functools import cache

from chalicelib.accounts.invitations import InvitationService
from chalicelib.accounts.my_account import MyAccountService
from chalicelib.accounts.registration import RegistrationService
from chalicelib.accounts.sessions import SessionService
from chalicelib.accounts.users import UserAdminService
from chalicelib.common import clock
from chalicelib.common.aws import client
from chalicelib.common.background import AsyncInvoker
from chalicelib.common.db import bind_tables
from chalicelib.config import get_settings
from chalicelib.ingest.pipeline import IngestPipeline
from chalicelib.ingest.storage import S3Storage
from chalicelib.jobs.executions import StepFunctionsExecutions
from chalicelib.notifications.mailer import SesMailer
from chalicelib.security.keys import signing_key
from chalicelib.security.tokens import TokenService


@cache
def bind() -> None:
    """Point the models at this stage's tables; first use, not import (chalice package imports the app)."""
    settings = get_settings()
    bind_tables(settings.table_prefix, settings.region, settings.endpoint_url)


@cache
def mailer() -> SesMailer:
    return SesMailer(client("ses"), get_settings().mail_sender)


@cache
def tokens() -> TokenService:
    settings = get_settings()
    return TokenService(signing_key(), issuer=settings.token_issuer, audience=settings.token_audience,
                        ttl_seconds=settings.token_ttl_seconds)


@cache
def throttle_secret() -> bytes:
    """Keys the throttle counters' HMACs; derived from the signing key, but never equal to it."""
    return hmac.new(signing_key(), b"oficina-virtual/throttle-counters", hashlib.sha256).digest()


@cache
def sessions() -> SessionService:
    bind()
    return SessionService(tokens(), throttle_secret=throttle_secret(), clock=clock.epoch_seconds)


@cache
def registration() -> RegistrationService:
    bind()
    return RegistrationService(mailer(), get_settings().portal_url, throttle_secret=throttle_secret(),
                               clock=clock.epoch_seconds)


@cache
def users() -> UserAdminService:
    bind()
    return UserAdminService(mailer(), get_settings().portal_url)


@cache
def invitations() -> InvitationService:
    bind()
    return InvitationService()


@cache
def my_account() -> MyAccountService:
    bind()
    return MyAccountService(mailer(), get_settings().portal_url, throttle_secret=throttle_secret(),
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
                          settings.index_settle_seconds)


def reset() -> None:
    """Forget built services (tests and the local stack rebind between AWS backends)."""
    for built in (bind, mailer, tokens, throttle_secret, sessions, registration, users, invitations, my_account,
                  ingest_storage, executions, ingest_pipeline, signing_key):
        built.cache_clear()
