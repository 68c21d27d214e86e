"""Lambda entry point of the outbox's retry (app.py schedules it)."""

from __future__ import annotations

from chalicelib import wiring


def retry_emails() -> int:
    return wiring.outbox().retry_due()
