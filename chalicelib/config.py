"""Settings, read once from the environment (set per stage in .chalice/config.json) and validated."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

STAGES = ("local", "test", "prod")


class ConfigurationError(RuntimeError):
    pass


@dataclass(frozen=True, slots=True)
class Settings:
    stage: str
    region: str
    table_prefix: str
    data_bucket: str
    token_key_secret: str
    token_ttl_seconds: int
    token_audience: str
    token_issuer: str
    mail_sender: str
    portal_url: str
    ingest_state_machine_arn: str
    cartera_state_machine_arn: str
    glosas_state_machine_arn: str
    recovery_function_name: str
    glosa_detail_function_name: str  # a large conciliation's detail file (app.py glosas_detail_file)
    slot_poll_seconds: int  # how often a load waiting for its entity's slot asks again
    endpoint_url: str | None  # only for the local stack (moto server); None on AWS
    origin_secrets: tuple[str, ...] = ()  # secrets CloudFront's x-origin-verify may hold (security/origin.py)
    payment_gateway_secret: str | None = None  # Wompi's keys (Secrets Manager, JSON), read in prod

    @property
    def is_local(self) -> bool:
        return self.stage == "local"


def _require(env: dict[str, str], name: str) -> str:
    value = env.get(name, "").strip()
    if not value:
        raise ConfigurationError(f"Missing environment variable {name}")
    return value


def settings_from(env: dict[str, str]) -> Settings:
    stage = _require(env, "STAGE")
    if stage not in STAGES:
        raise ConfigurationError(f"STAGE must be one of {STAGES}, not {stage!r}")
    ttl = int(env.get("TOKEN_TTL_SECONDS", "1800"))
    if not 60 <= ttl <= 12 * 3600:
        raise ConfigurationError("TOKEN_TTL_SECONDS must be between 60 and 43200")
    return Settings(
        stage=stage,
        region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1",
        table_prefix=env.get("TABLE_PREFIX") or f"oficina-virtual-{stage}-",
        data_bucket=_require(env, "DATA_BUCKET"),
        token_key_secret=_require(env, "TOKEN_KEY_SECRET"),
        token_ttl_seconds=ttl,
        token_audience=env.get("TOKEN_AUDIENCE", "oficina-virtual"),
        token_issuer=env.get("TOKEN_ISSUER", f"oficina-virtual-{stage}"),
        mail_sender=_require(env, "MAIL_SENDER"),
        portal_url=env.get("PORTAL_URL", "http://127.0.0.1:8000"),
        ingest_state_machine_arn=_require(env, "INGEST_STATE_MACHINE_ARN"),
        cartera_state_machine_arn=_require(env, "CARTERA_STATE_MACHINE_ARN"),
        glosas_state_machine_arn=_require(env, "GLOSAS_STATE_MACHINE_ARN"),
        recovery_function_name=_require(env, "RECOVERY_FUNCTION_NAME"),
        glosa_detail_function_name=(env.get("GLOSA_DETAIL_FUNCTION_NAME")
                                    or f"oficina-virtual-{stage}-glosas_detail_file"),
        slot_poll_seconds=int(env.get("SLOT_POLL_SECONDS", "10")),
        endpoint_url=env.get("AWS_ENDPOINT_URL") or None,
        origin_secrets=tuple(name for name in (env.get("ORIGIN_SECRET", "").strip(),
                                               env.get("ORIGIN_SECRET_PREVIOUS", "").strip()) if name),
        payment_gateway_secret=env.get("PAYMENT_GATEWAY_SECRET", "").strip() or None,
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return settings_from(dict(os.environ))
