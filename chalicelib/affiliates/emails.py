"""Texts of the emails Mi cuenta sends to affiliates (Spanish). Names are the EPS's data; anything an affiliate or
an operator typed (a reason, a file's name) goes through `inert` so no mail client makes it a link."""

from __future__ import annotations

from collections.abc import Iterable

from chalicelib.notifications.mailer import Email
from chalicelib.notifications.templates import inert, portal_link

PORTAL = "Oficina Virtual Afiliados"
EMAIL_CONFIRMATION_ROUTE = "afiliados/correo/confirmar"


def closing(portal_url: str) -> str:
    return f"""Este es un mensaje automático; por favor no lo responda.
Para mayor información comuníquese con la línea de atención al cliente 018000938777.
{PORTAL}: {portal_url}/portal/
"""


def confirm_email(*, to: str, code: str, portal_url: str, hours: int) -> Email:
    """To an address nobody has confirmed yet (it may be mistyped): no name nor any other personal datum."""
    text = f"""Señor(a) afiliado(a):

Recibimos una solicitud para registrar este correo electrónico en sus datos personales de la {PORTAL}.
Para confirmarlo, ingrese a la Oficina Virtual y abra este enlace (sirve una vez, durante {hours} horas):
{portal_link(portal_url, EMAIL_CONFIRMATION_ROUTE, code)}

Si usted no hizo esta solicitud, ignore este mensaje: su correo registrado no cambiará.

{closing(portal_url)}"""
    return Email(to=to, subject="Confirme su correo electrónico - Oficina Virtual Afiliados", text=text)


def supports_received(*, to: str, full_name: str, supports: Iterable[tuple[str, str]], portal_url: str) -> Email:
    """`supports`: (person's name, tipo de soporte) of each file sent."""
    lines = "\n".join(f"- {tipo}: {name}" for name, tipo in supports)
    text = f"""Señor(a):
{full_name}

Recibimos los documentos que envió desde la {PORTAL}:
{lines}

Un colaborador de la EPS los revisará. Si no contienen la información necesaria visible o están mal escaneados,
le escribiremos indicando los pasos a seguir para corregirlo.

{closing(portal_url)}"""
    return Email(to=to, subject="Documentos recibidos - Oficina Virtual Afiliados", text=text)


def support_decided(*, to: str, full_name: str, person: str, tipo_soporte: str, accepted: bool,
                    motivo: str | None, portal_url: str) -> Email:
    if accepted:
        outcome = "fue revisado y ACEPTADO. No necesita hacer nada más."
        subject = "Documento aceptado - Oficina Virtual Afiliados"
    else:
        outcome = (f"fue DEVUELTO por el siguiente motivo:\n{inert(motivo or '')}\n\n"
                   "Para corregirlo, escanéelo de nuevo (PDF, JPG o PNG, máximo 2 MB) y envíelo desde "
                   "Mi cuenta > Actualizar documentos.")
        subject = "Documento devuelto - Oficina Virtual Afiliados"
    text = f"""Señor(a):
{full_name}

El documento "{tipo_soporte}" de {person} que envió desde la {PORTAL} {outcome}

{closing(portal_url)}"""
    return Email(to=to, subject=subject, text=text)


def ips_change_received(*, to: str, full_name: str, person: str, desired: str, portal_url: str) -> Email:
    text = f"""Señor(a):
{full_name}

Recibimos su solicitud de cambio de IPS para {person}.
IPS deseada: {desired}

La EPS la revisará y le informará la respuesta a este correo. Mientras tanto, la IPS primaria actual sigue vigente.

{closing(portal_url)}"""
    return Email(to=to, subject="Solicitud de cambio de IPS recibida - Oficina Virtual Afiliados", text=text)


def ips_change_decided(*, to: str, full_name: str, person: str, desired: str, approved: bool,
                       motivo: str | None, portal_url: str) -> Email:
    outcome = "fue APROBADA" if approved else "fue RECHAZADA"
    reason = f"\nMotivo: {inert(motivo)}\n" if motivo else ""
    text = f"""Señor(a):
{full_name}

Su solicitud de cambio de IPS para {person} (IPS deseada: {desired}) {outcome}.
{reason}
{closing(portal_url)}"""
    subject = f"Solicitud de cambio de IPS {'aprobada' if approved else 'rechazada'} - Oficina Virtual Afiliados"
    return Email(to=to, subject=subject, text=text)
