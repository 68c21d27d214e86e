"""Texts of the emails the portal sends (Spanish, from the seed manuals where they give one)."""

from __future__ import annotations

from chalicelib.notifications.mailer import Email

_SAFETY_REMINDER = """Recuerde que:
- Su contraseña de la Oficina Virtual es personal e intransferible.
- Ingrese a nuestra Oficina Virtual sólo desde un computador confiable, en su casa u oficina.
- Cambie frecuentemente la contraseña."""


def new_admin_confirmation(*, to: str, full_name: str, razon_social: str, provider_label: str,
                           cargo: str, area: str, departamento: str, ciudad: str, portal_url: str) -> Email:
    text = f"""Señor(a):
{full_name}

Se registró la siguiente información del administrador de la Oficina Virtual Prestadores:

Prestador: {razon_social} ({provider_label})
Administrador: {full_name}
Cargo: {cargo}
Área: {area}
Ubicación: {ciudad}, {departamento}
Correo electrónico corporativo: {to}

En un mensaje aparte recibirá su usuario y contraseña.
Si usted no solicitó este registro, escríbanos por el formulario de PQRS.

Oficina Virtual: {portal_url}
"""
    return Email(to=to, subject="Nuevo usuario administrador Oficina Virtual SOS EPS", text=text)


def credentials(*, to: str, full_name: str, username: str, password: str, portal_url: str,
                subject: str = "Respuesta solicitud de registro") -> Email:
    text = f"""Señor(a):
{full_name}

Bienvenido(a) a nuestra Oficina Virtual para Prestadores de la EPS-SOS. A continuación encontrarás tu usuario y contraseña para acceder a nuestros servicios.

Usuario: {username}
Contraseña: {password}

Gracias por confiar en nosotros.

Por tu seguridad, el sistema te pedirá cambiar esta contraseña al ingresar. Si recibiste este correo por "Olvidé mi contraseña", la nueva contraseña sirve durante 24 horas y tu contraseña anterior deja de servir cuando la uses; si no la pediste, ignora este mensaje. Para cambiarla en cualquier momento ingresa al menú Mi Cuenta y luego haz clic en Cambiar contraseña.

{_SAFETY_REMINDER}

Para ingresar a la oficina virtual: {portal_url}
"""
    return Email(to=to, subject=subject, text=text)


def invitation(*, to: str, full_name: str, razon_social: str, portal_url: str) -> Email:
    text = f"""Señor(a):
{full_name}

El administrador de la Oficina Virtual Prestadores de {razon_social} lo invitó a trabajar con ese prestador.

Para aceptar o rechazar la invitación, ingrese a la Oficina Virtual con su usuario y contraseña de siempre y abra
Mi Cuenta > Invitaciones. Mientras no la acepte, ese prestador no tiene acceso a su cuenta.
Si no reconoce esta invitación, recházela y escríbanos por el formulario de PQRS.

{_SAFETY_REMINDER}

Oficina Virtual: {portal_url}
"""
    return Email(to=to, subject="Invitación a un prestador Oficina Virtual Prestadores", text=text)


def existing_user_linked(*, to: str, full_name: str, username: str, razon_social: str, portal_url: str) -> Email:
    text = f"""Señor(a):
{full_name}

Su usuario de la Oficina Virtual Prestadores quedó asociado al prestador {razon_social}.

Usuario: {username}
Contraseña: la misma que ya utiliza en la Oficina Virtual.

Al ingresar podrá elegir el prestador con el que desea trabajar.

{_SAFETY_REMINDER}

Para ingresar a la oficina virtual: {portal_url}
"""
    return Email(to=to, subject="Respuesta solicitud de registro", text=text)


def password_changed(*, to: str, full_name: str, portal_url: str) -> Email:
    text = f"""Señor(a):
{full_name}

Le informamos que la contraseña de su usuario de la Oficina Virtual Prestadores fue cambiada. Las sesiones abiertas con la contraseña anterior se cerraron.

Si usted no realizó este cambio, use la opción "Olvidé mi contraseña" y escríbanos por el formulario de PQRS.

{_SAFETY_REMINDER}

Oficina Virtual: {portal_url}
"""
    return Email(to=to, subject="Cambio de contraseña Oficina Virtual Prestadores", text=text)
