"""AWS clients, created on first use and cached (never at import time, so moto can intercept them)."""

from __future__ import annotations

from functools import cache

import boto3

from chalicelib.config import get_settings


@cache
def client(service: str):
    settings = get_settings()
    return boto3.client(service, region_name=settings.region, endpoint_url=settings.endpoint_url)


def reset_clients() -> None:
    client.cache_clear()
