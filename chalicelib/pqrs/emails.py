"""Texts of Contáctenos' emails (Spanish). What anyone typed goes through `inert`, so no mail client links it."""

from __future__ import annotations

from chalicelib.notifications.mailer import Email
from chalicelib.notifications.templates import inert

PORTAL = "Oficina Virtual Afiliados"


def _closing(portal_url: str) -> str:
    return f"""Este es un mensaje automático; por favor no lo responda.
Para mayor información comuníquese con la línea de atención al cliente 018000938777.
{PORTAL}: {portal_url}/portal/
"""


def filed(*, to: str, full_name: str, radicado: str, tipo: str, due_on: str, portal_url: str) -> Email:
    text = f"""Señor(a):
{full_name}

Recibimos su solicitud ({tipo}) con el número de radicado {radicado}.
Le responderemos a más tardar el {due_on}. Puede consultar su estado en {PORTAL} > Contáctenos, con el número de
radicado.

{_closing(portal_url)}"""
    return Email(to=to, subject=f"Solicitud {radicado} recibida - {PORTAL}", text=text)


def contact_received(*, to: str, radicado: str, due_on: str, portal_url: str) -> Email:
    """To an address typed in the public form: the same words whoever wrote, and nothing from the EPS's data."""
    text = f"""Señor(a):

Recibimos su mensaje del formulario Contáctenos con el número de radicado {radicado}.
Le responderemos a este correo a más tardar el {due_on}.

Si usted no envió este mensaje, ignore este correo.

{_closing(portal_url)}"""
    return Email(to=to, subject=f"Mensaje {radicado} recibido - Contáctenos", text=text)


def answered(*, to: str, full_name: str, radicado: str, answer: str, can_rate: bool, portal_url: str) -> Email:
    """`can_rate`: the owner of a portal PQRS, who may rate the answer once logged in."""
    rate = f"\nPuede calificar la respuesta en {PORTAL} > Contáctenos > Consultar solicitud.\n" if can_rate else ""
    text = f"""Señor(a):
{inert(full_name)}

Su solicitud {radicado} fue respondida:

{inert(answer)}
{rate}
{_closing(portal_url)}"""
    return Email(to=to, subject=f"Respuesta a su solicitud {radicado} - {PORTAL}", text=text)
