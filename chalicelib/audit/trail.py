"""Write and read the audit trail. There is no update or delete here, nor in the IAM policy."""

from __future__ import annotations

import uuid
from enum import StrEnum

from chalicelib.audit.models import NO_PROVIDER, AuditEventRecord
from chalicelib.common import clock
from chalicelib.common.clock import BOGOTA
from chalicelib.common.pagination import Page, query_page


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
    AFFILIATE_SUPPORT_DECIDED = "AFILIADO_SOPORTE_DECIDIDO"
    AFFILIATE_IPS_CHANGE_DECIDED = "AFILIADO_CAMBIO_IPS_DECIDIDO"
    AFFILIATE_NOVEDADES_EXPORTED = "AFILIADO_NOVEDADES_EXPORTADAS"


def record(event: AuditEvent, *, provider_id: str | None, actor_id: str | None = None,
           subject_id: str | None = None, source_ip: str | None = None, details: dict | None = None) -> None:
    now = clock.utcnow()
    item = AuditEventRecord(
        provider_id or NO_PROVIDER, f"{now.isoformat()}#{uuid.uuid4().hex}", event=event.value, actor_id=actor_id,
        subject_id=subject_id, source_ip=source_ip, at=now.astimezone(BOGOTA).isoformat(timespec="seconds"),
        details=details or None,
    )
    item.save(condition=AuditEventRecord.event_key.does_not_exist())


def list_events(provider_id: str, *, limit: int, cursor: str | None = None) -> Page[AuditEventRecord]:
    return query_page(AuditEventRecord, "provider_id", provider_id, limit=limit, cursor=cursor, newest_first=True)


class AuditTrail:
    """What the account services are handed (wiring.py); the unit tests hand them an in-memory fake."""

    record = staticmethod(record)
    list_events = staticmethod(list_events)
