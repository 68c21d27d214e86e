"""Lambda entry point of the glosa work done in the background (app.py wires it)."""

from __future__ import annotations

from chalicelib import wiring


def write_detail_file(event: dict) -> None:
    """A large conciliation's detail file, asked for by `GET /glosas/conciliaciones/{n}/detalle` (202)."""
    wiring.glosas().write_detail_file(event["job_id"])
