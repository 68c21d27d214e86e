"""Emails of Registrar mi Solicitud (Spanish), to the caller who sent it: received, taken, in process, returned.
The operator's observation is typed text: it goes through `inert`. No diagnosis nor file name in them."""

from __future__ import annotations

from chalicelib.affiliates.emails import PORTAL, closing
from chalicelib.notifications.mailer import Email
from chalicelib.notifications.templates import inert

SUBJECT = "Presolicitud {numero} {what} - Oficina Virtual Afiliados"


def _letter(full_name: str, body: str, portal_url: str) -> str:
    return f"""Señor(a):
{full_name}

{body}

{closing(portal_url)}"""


def received(*, to: str, full_name: str, person: str, numero: str, plan: str, portal_url: str) -> Email:
    body = f"""Recibimos su solicitud médica registrada desde la {PORTAL} para {person} (plan {plan}).
Número de presolicitud: {numero}

La respuesta de la solicitud médica se dará a través de la Oficina Virtual y por este medio le informaremos los
pasos a seguir. Puede consultar el estado en Autorizaciones Médicas > Consultar Estado de mi Solicitud."""
    return Email(to=to, subject=SUBJECT.format(numero=numero, what="recibida"),
                 text=_letter(full_name, body, portal_url))


def taken(*, to: str, full_name: str, person: str, numero: str, portal_url: str) -> Email:
    body = f"""Un colaborador de la EPS está revisando la presolicitud {numero} de {person}.
Le informaremos por este medio el resultado de la revisión."""
    return Email(to=to, subject=SUBJECT.format(numero=numero, what="en revisión"),
                 text=_letter(full_name, body, portal_url))


def in_process(*, to: str, full_name: str, person: str, numero: str, portal_url: str) -> Email:
    body = f"""La presolicitud {numero} de {person} fue revisada y está EN PROCESO de autorización.
Cuando la autorización esté lista la verá en Autorizaciones Médicas > Consultar Estado de mi Solicitud."""
    return Email(to=to, subject=SUBJECT.format(numero=numero, what="en proceso"),
                 text=_letter(full_name, body, portal_url))


def returned(*, to: str, full_name: str, person: str, numero: str, observacion: str, portal_url: str) -> Email:
    body = f"""La presolicitud {numero} de {person} fue DEVUELTA con la siguiente observación:
{inert(observacion)}

Para continuar, registre una nueva solicitud desde Autorizaciones Médicas > Registrar mi Solicitud con la solicitud
médica y la historia clínica vigentes (no mayores a 30 días calendario), claras y legibles."""
    return Email(to=to, subject=SUBJECT.format(numero=numero, what="devuelta"),
                 text=_letter(full_name, body, portal_url))
