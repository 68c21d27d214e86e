"""Lambda entry point of the online payments' sweeper (app.py schedules it)."""

from __future__ import annotations

from dataclasses import asdict

from chalicelib import wiring


def sweep() -> dict:
    return asdict(wiring.online_payments().sweep())
