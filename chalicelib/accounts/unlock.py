"""Unlock through the registered email: the owner's way in that a stranger sharing their IP does not have.

`request` answers the same whether or not the document exists and hands the work to the background function;
`complete` mails a one-time link (1 h) to the address the person registered; `confirm` makes the browser that
opens it a known device of that person (devices.py), so its logins are judged on that device's own allowance.
The stranger's counters are left as they are: the attacker stays slowed down, the owner gets in.
"""

from __future__ import annotations

import secrets

from chalicelib.accounts.devices import DeviceCookies
from chalicelib.accounts.people import typed_identity
from chalicelib.accounts.repository import AccountRepository
from chalicelib.accounts.throttling import Throttle
from chalicelib.accounts.user_schemas import PasswordRecovery
from chalicelib.audit.trail import AuditEvent, AuditTrail
from chalicelib.common.errors import NotFound, TooManyRequests
from chalicelib.notifications import templates
from chalicelib.notifications.mailer import Mailer

UNLOCK_ANSWER = ("Si el documento está registrado, enviamos al correo electrónico registrado un enlace para ingresar "
                 "desde este navegador. El enlace sirve una vez durante una hora")
UNLOCK_INVALID = "El enlace de desbloqueo no es válido, ya se usó o expiró. Solicite uno nuevo"
UNLOCK_PER_IDENTITY_PER_HOUR = 3
UNLOCK_PER_IP_PER_HOUR = 20
CONFIRMATIONS_PER_IP_PER_HOUR = 20
LINK_VALID_SECONDS = 3600
CODE_SCOPE = "unlock"


class UnlockService:
    def __init__(self, accounts: AccountRepository, throttle: Throttle, devices: DeviceCookies, mailer: Mailer,
                 audit: AuditTrail, portal_url: str, clock, background):
        self._accounts = accounts
        self._throttle = throttle
        self._devices = devices
        self._mailer = mailer
        self._audit = audit
        self._portal_url = portal_url
        self._clock = clock  # () -> epoch seconds
        self._background = background  # (payload) -> None, asynchronous

    def _limit(self, scope: str, value: str, limit: int) -> bool:
        return self._throttle.within_limit(scope, value, limit=limit, window_seconds=3600, now=self._clock())

    def _refuse(self, message: str, code: str) -> TooManyRequests:
        return TooManyRequests(message, retry_after_seconds=3600 - self._clock() % 3600, code=code)

    def request(self, form: PasswordRecovery, source_ip: str) -> str:
        person_id = typed_identity(form.tipo_documento, form.numero_documento)
        allowed = self._limit("unlock-id", person_id, UNLOCK_PER_IDENTITY_PER_HOUR)
        allowed &= self._limit("unlock-ip", source_ip, UNLOCK_PER_IP_PER_HOUR)
        if not allowed:
            raise self._refuse("Ya se enviaron varias solicitudes. Intente de nuevo en una hora", "UNLOCK_THROTTLED")
        self._background({"accion": "desbloqueo", "person_id": person_id, "source_ip": source_ip})
        return UNLOCK_ANSWER

    def complete(self, person_id: str, source_ip: str) -> None:
        """Runs asynchronously: for a known person with access, mail the one-time link."""
        person = self._accounts.get_person(person_id)
        active = [m for m in self._accounts.memberships_of(person_id) if m.state == "ACTIVA"] if person else []
        if person is None or not active:
            return
        code = secrets.token_urlsafe(24)
        self._throttle.put_code(CODE_SCOPE, code, person_id, self._clock() + LINK_VALID_SECONDS)
        self._mailer.send(templates.unlock_link(to=person.correo, full_name=person.full_name, code=code,
                                                portal_url=self._portal_url))
        self._audit.record(AuditEvent.UNLOCK_REQUESTED, provider_id=None, subject_id=person_id, source_ip=source_ip)

    def confirm(self, code: str, source_ip: str, device_cookie: str | None) -> str:
        """The device cookie this browser gets: it now holds an entry of the link's person."""
        if not self._limit("unlock-confirm-ip", source_ip, CONFIRMATIONS_PER_IP_PER_HOUR):
            raise self._refuse("Demasiados intentos. Intente de nuevo en una hora", "UNLOCK_THROTTLED")
        person_id = self._throttle.take_code(CODE_SCOPE, code, self._clock())
        if person_id is None:
            raise NotFound(UNLOCK_INVALID, code="UNLOCK_INVALID")
        self._audit.record(AuditEvent.DEVICE_UNLOCKED, provider_id=None, subject_id=person_id, source_ip=source_ip)
        return self._devices.remember(device_cookie, person_id)
