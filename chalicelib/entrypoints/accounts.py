"""Lambda entry points of accounts work done in the background (app.py wires them)."""

from __future__ import annotations

from chalicelib import wiring


def complete_recovery(event: dict) -> None:
    """The accounts' background function: a password recovery, or (accion=desbloqueo) an unlock link."""
    if event.get("accion") == "desbloqueo":
        wiring.unlock().complete(event["person_id"], event["source_ip"])
    else:
        wiring.my_account().complete_recovery(event["person_id"], event["source_ip"])
