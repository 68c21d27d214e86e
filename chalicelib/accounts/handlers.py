"""Lambda entry points of accounts work done in the background (app.py wires them)."""

from __future__ import annotations

from chalicelib import wiring


def complete_recovery(event: dict) -> None:
    wiring.my_account().complete_recovery(event["person_id"], event["source_ip"])
