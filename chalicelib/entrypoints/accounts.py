"""Lambda entry points of accounts work done in the background (app.py wires them)."""

from __future__ import annotations

from chalicelib import wiring


def complete_recovery(event: dict) -> None:
    """The accounts' background function: a password recovery, (accion=desbloqueo) an unlock link, or
    (accion=recuperar-afiliado) an affiliate's password recovery."""
    if event.get("accion") == "desbloqueo":
        wiring.unlock().complete(event["person_id"], event["source_ip"])
    elif event.get("accion") == "recuperar-afiliado":
        wiring.affiliate_account().complete_recovery(event["identity"], event["source_ip"])
    else:
        wiring.my_account().complete_recovery(event["person_id"], event["source_ip"])
