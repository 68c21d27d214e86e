"""The public contact form (seed 003 lines 182, 311): whoever cannot log in writes to the EPS; the answer goes to
the email they typed. The robot check is the registration's self-hosted proof of work; the form is throttled per
address and per email. Nothing here reads the affiliates' data: the answer and its timing are the same whether
the document exists or not (the operator sees who it is when answering)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from chalicelib.common.errors import InvalidInput, TooManyRequests
from chalicelib.common.validation import FIELDS_INVALID
from chalicelib.notifications.mailer import Mailer
from chalicelib.pqrs import emails
from chalicelib.pqrs.catalogue import PqrsType
from chalicelib.pqrs.filing import Filing
from chalicelib.pqrs.schemas import ContactForm, Message
from chalicelib.pqrs.store import PqrsStore
from chalicelib.pqrs.types import Sender

SCOPE = "contacto"
PER_IP_PER_HOUR = 5
PER_EMAIL_PER_DAY = 3
ROBOT_CHECK_FAILED = "La verificación «No soy un robot» no es válida o ya se usó. Resuélvala de nuevo"
THROTTLED = "Ya se enviaron varios mensajes. Intente de nuevo más tarde o comuníquese a la línea 018000 938777"
RECEIVED = ("Recibimos su mensaje. Le enviamos el número de radicado al correo electrónico indicado y le "
            "responderemos a ese correo")


class RobotCheck(Protocol):
    def redeem(self, challenge: str, nonce: str) -> bool: ...


class Limits(Protocol):
    def within_limit(self, scope: str, value: str, *, limit: int, window_seconds: int, now: int) -> bool: ...


def contact_description(form: ContactForm) -> str:
    return (f"Contacto realizado por {form.nombres} ({form.tipo_documento.value} {form.numero_documento}) con el "
            f"correo {form.correo} a través del formulario Contáctenos. {form.descripcion}")


class ContactService:
    def __init__(self, store: PqrsStore, robot_check: RobotCheck, limits: Limits, mailer: Mailer, portal_url: str,
                 now: Callable[[], datetime]):
        self._robot_check = robot_check
        self._limits = limits
        self._mailer = mailer
        self._portal_url = portal_url
        self._now = now
        self._filing = Filing(store, now)

    def submit(self, form: ContactForm, source_ip: str) -> Message:
        epoch = int(self._now().timestamp())
        if not self._limits.within_limit(f"{SCOPE}-ip", source_ip, limit=PER_IP_PER_HOUR, window_seconds=3600,
                                         now=epoch):
            raise TooManyRequests(THROTTLED, retry_after_seconds=3600 - epoch % 3600, code="CONTACT_THROTTLED")
        if not self._robot_check.redeem(form.reto, form.nonce):
            raise InvalidInput(FIELDS_INVALID, details=[{"campo": "nonce", "mensaje": ROBOT_CHECK_FAILED}])
        if not self._limits.within_limit(f"{SCOPE}-correo", form.correo.lower(), limit=PER_EMAIL_PER_DAY,
                                         window_seconds=86400, now=epoch):
            raise TooManyRequests(THROTTLED, retry_after_seconds=86400 - epoch % 86400, code="CONTACT_THROTTLED")
        sender = Sender(tipo_documento=form.tipo_documento.value, numero_documento=form.numero_documento,
                        nombres=form.nombres, correo=form.correo, celular=form.celular)
        pqrs, _ = self._filing.file(PqrsType(form.tipo), contact_description(form), sender=sender)
        self._mailer.send(emails.contact_received(to=form.correo, radicado=pqrs.radicado,
                                                  due_on=pqrs.due_on.isoformat(), portal_url=self._portal_url))
        return Message(mensaje=RECEIVED)
