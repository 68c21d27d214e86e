"""Ley 1581 de 2012 (habeas data): the authorisation to process personal data, and proof of it.

The proof is what the person accepted (the policy's version), when (Bogotá time), through which channel and
from which IP; it is kept on the person and shown in Mi perfil.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from chalicelib.common.clock import BOGOTA

# Bump when the text of the policy changes: people who accepted an older version are asked again.
POLICY_VERSION = "PTD-2024-01"
POLICY_TITLE = "Política de tratamiento de datos personales de la EPS (Ley 1581 de 2012)"
POLICY_SUMMARY = (
    "La EPS trata sus datos de identificación y de contacto (nombre, documento, correo, teléfono, cargo) para "
    "crear y administrar su usuario de la Oficina Virtual, enviarle avisos de su cuenta y registrar lo que hace "
    "en ella. Usted puede conocer, actualizar, rectificar y suprimir sus datos y revocar esta autorización "
    "escribiendo por el formulario de PQRS; la EPS no los entrega a terceros sin su autorización, salvo por "
    "orden legal."
)


class ConsentChannel(StrEnum):
    REGISTRATION = "REGISTRO"  # the administrator's registration form
    SESSION = "SESION"  # accepted in the portal while logged in (delegates created by an administrator)
    AFFILIATE_REGISTRATION = "REGISTRO_AFILIADO"  # an affiliate's registration form (its own terms' version)


def consent_record(channel: ConsentChannel, source_ip: str, at: datetime, version: str = POLICY_VERSION) -> dict:
    return {"version": version, "aceptado_en": at.astimezone(BOGOTA).isoformat(timespec="seconds"),
            "canal": channel.value, "ip": source_ip}


def is_current(consent: dict | None) -> bool:
    return bool(consent) and consent.get("version") == POLICY_VERSION
