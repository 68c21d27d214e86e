"""Write and read the audit trail of account events (its table: chalicelib/audit/repository.py)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum

from chalicelib.audit.repository import NO_PROVIDER, AuditEntry, AuditRepository, EventDetails
from chalicelib.common import clock
from chalicelib.common.clock import BOGOTA
from chalicelib.common.pagination import Page


class AuditEvent(StrEnum):
    LOGIN_OK = "INGRESO_EXITOSO"
    LOGIN_FAILED = "INGRESO_FALLIDO"
    LOGOUT = "CIERRE_SESION"
    REGISTRATION_REQUESTED = "REGISTRO_SOLICITADO"
    PROVIDER_REGISTERED = "PRESTADOR_REGISTRADO"
    USER_CREATED = "USUARIO_CREADO"
    USER_INVITED = "USUARIO_INVITADO"
    INVITATION_ACCEPTED = "INVITACION_ACEPTADA"
    INVITATION_DECLINED = "INVITACION_RECHAZADA"
    USER_EDITED = "USUARIO_EDITADO"
    PERMISSIONS_CHANGED = "PERMISOS_MODIFICADOS"
    USER_ACTIVATED = "USUARIO_ACTIVADO"
    USER_INACTIVATED = "USUARIO_INACTIVADO"
    PASSWORD_CHANGED = "CONTRASENA_CAMBIADA"  # noqa: S105 (an event name, not a password)
    PASSWORD_RESET_REQUESTED = "CONTRASENA_SOLICITADA"  # noqa: S105
    PASSWORD_RESET = "CONTRASENA_RESTABLECIDA"  # noqa: S105
    UNLOCK_REQUESTED = "DESBLOQUEO_SOLICITADO"
    DEVICE_UNLOCKED = "DISPOSITIVO_DESBLOQUEADO"
    CONSENT_GIVEN = "AUTORIZACION_DATOS"
    AFFILIATE_REGISTERED = "AFILIADO_REGISTRADO"
    AFFILIATE_BLOCKED = "AFILIADO_BLOQUEADO"  # third wrong answer to the identity questions
    AFFILIATE_EMAIL_CORRECTED = "CORREO_AFILIADO_CORREGIDO"
    AFFILIATE_LOOKED_UP = "AFILIADO_CONSULTADO"  # an operator found an affiliate by document (email correction)
    AFFILIATE_SUPPORT_DECIDED = "AFILIADO_SOPORTE_DECIDIDO"
    AFFILIATE_IPS_CHANGE_DECIDED = "AFILIADO_CAMBIO_IPS_DECIDIDO"
    AFFILIATE_NOVEDADES_EXPORTED = "AFILIADO_NOVEDADES_EXPORTADAS"
    PRESOLICITUD_ACTED = "PRESOLICITUD_GESTIONADA"  # an operator took, sent to process or returned one
    PQRS_ANSWERED = "PQRS_RESPONDIDA"


class AuditTrail:
    """What the account services are handed (wiring.py); their unit tests hand them an in-memory fake."""

    def __init__(self, repository: AuditRepository, *, now: Callable[[], datetime] = clock.utcnow,
                 new_id: Callable[[], str] = lambda: uuid.uuid4().hex):
        self._repository = repository
        self._now = now
        self._new_id = new_id

    def record(self, event: AuditEvent, *, provider_id: str | None, actor_id: str | None = None,
               subject_id: str | None = None, source_ip: str | None = None, details: dict | None = None) -> None:
        now = self._now()
        self._repository.add(AuditEntry(
            provider_id=provider_id or NO_PROVIDER, event_key=f"{now.isoformat()}#{self._new_id()}",
            event=event.value, actor_id=actor_id, subject_id=subject_id, source_ip=source_ip,
            at=now.astimezone(BOGOTA).isoformat(timespec="seconds"),
            details=EventDetails(details) if details else None))

    def list_events(self, provider_id: str, *, limit: int, cursor: str | None = None) -> Page[AuditEntry]:
        return self._repository.of_provider(provider_id, limit=limit, cursor=cursor)
