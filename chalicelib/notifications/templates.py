"""Texts of the emails the portal sends (Spanish, from the seed manuals where they give one)."""

from __future__ import annotations

import re

from chalicelib.notifications.mailer import Email

_SAFETY_REMINDER = """Recuerde que:
- Su contraseña de la Oficina Virtual es personal e intransferible.
- Ingrese a nuestra Oficina Virtual sólo desde un computador confiable, en su casa u oficina.
- Cambie frecuentemente la contraseña."""


_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):(?=\S)", re.IGNORECASE)  # "https://", "javascript:"; not "Área: x"
_HOST_DOT = re.compile(r"(?<=[\w-])\.(?=[\w-])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def inert(typed: str) -> str:
    """Text a stranger typed, as it may appear in an email without becoming a link or a line of the message:
    one line, no markup, schemes and dotted names broken ("http[:]//", "evil[.]co") so no mail client links them."""
    one_line = " ".join(_CONTROL.sub(" ", typed).split())
    no_markup = one_line.replace("<", "‹").replace(">", "›")
    return _HOST_DOT.sub("[.]", _SCHEME.sub(r"\1[:]", no_markup))


def portal_link(portal_url: str, route: str, code: str) -> str:
    """A portal screen carrying a one-time code in the URL fragment: browsers never send it to a server, so it
    reaches no access log (CloudFront, API Gateway, proxies) and no Referer."""
    return f"{portal_url}/portal/#/{route}/{code}"


def new_admin_confirmation(*, to: str, full_name: str, razon_social: str, provider_label: str, cargo: str,
                           area: str, departamento: str, ciudad: str, corporate_email: str, code: str,
                           portal_url: str) -> Email:
    """To the provider's address in the EPS registry: only it can appoint the portal administrator."""
    text = f"""Señores:
{razon_social}

Se solicitó registrar al siguiente administrador de la Oficina Virtual Prestadores para su prestador:

Prestador: {razon_social} ({provider_label})
Datos escritos por quien hizo la solicitud (compruébelos antes de confirmar):
Administrador: {inert(full_name)}
Cargo: {inert(cargo)}
Área: {inert(area)}
Ubicación: {ciudad}, {departamento}
Correo electrónico corporativo: {inert(corporate_email)}

Si reconoce a esta persona y este correo, abra este enlace y pulse "Confirmar registro" (válido 24 horas):
{portal_link(portal_url, "registro/finaliza", code)}

Código de confirmación: {code}
(Si el enlace no abre, ingrese el código en {portal_url}/portal/#/registro/finaliza. Con este enlace también verá
las demás solicitudes pendientes de su prestador, si las hay.)

Al confirmarlo, el administrador recibirá su usuario y contraseña en el correo corporativo indicado.
Si usted no solicitó este registro, ignore este mensaje: sin su confirmación nadie queda registrado.
Le enviamos este mensaje porque es el correo de notificaciones del prestador en la EPS.

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


def password_changed(*, to: str, full_name: str, portal_url: str) -> Email:
    text = f"""Señor(a):
{full_name}

Le informamos que la contraseña de su usuario de la Oficina Virtual Prestadores fue cambiada. Las sesiones abiertas con la contraseña anterior se cerraron.

Si usted no realizó este cambio, use la opción "Olvidé mi contraseña" y escríbanos por el formulario de PQRS.

{_SAFETY_REMINDER}

Oficina Virtual: {portal_url}
"""
    return Email(to=to, subject="Cambio de contraseña Oficina Virtual Prestadores", text=text)


def unlock_link(*, to: str, full_name: str, code: str, portal_url: str) -> Email:
    text = f"""Señor(a):
{full_name}

Recibimos una solicitud para desbloquear el ingreso a su usuario de la Oficina Virtual Prestadores.
Abra este enlace en el navegador desde el que quiere ingresar (sirve una vez, durante una hora):
{portal_link(portal_url, "desbloquear", code)}

Ese navegador quedará reconocido como suyo: los intentos fallidos de otras personas que compartan su red no le
impedirán ingresar desde él. Su contraseña no cambia.
Si usted no hizo esta solicitud, ignore este mensaje y, si lo desea, cambie su contraseña.

{_SAFETY_REMINDER}

Oficina Virtual: {portal_url}
"""
    return Email(to=to, subject="Desbloqueo de ingreso Oficina Virtual Prestadores", text=text)


# --- affiliates' portal (issue 23; seed 003 §2.1.3)
_EPS_FOOTER = """Sede Nacional: Carrera 56 #11a-88
Línea Nacional: 018000 938777
PBX: (602) 489 86 86"""


def affiliate_registration(*, to: str, username: str, password: str, portal_url: str) -> Email:
    """The only affiliate email that carries a password: the generated one, to be changed at the first login."""
    text = f"""Estimado(a) Señor(a):

Le damos la bienvenida a nuestra Oficina Virtual, a continuación detallamos su usuario y contraseña que se le pedirán al ingresar a nuestros servicios.

Su usuario y contraseña son:

Usuario: {username}
Contraseña: {password}

Al ingresar por primera vez el sistema le pedirá cambiar esta contraseña. Se sugiere copiarla y pegarla: tiene letras mayúsculas y minúsculas.

{_SAFETY_REMINDER}

Lo invitamos a realizar sus transacciones a través de nuestra Oficina Virtual, ingresando a {portal_url}

{_EPS_FOOTER}
"""
    return Email(to=to, subject="Registro usuario", text=text)


def affiliate_new_password(*, to: str, username: str, password: str, portal_url: str) -> Email:
    """"Olvidé mi contraseña": a second credential, usable 24 hours, to be changed when used (as for providers)."""
    text = f"""Estimado(a) Señor(a):

Recibimos una solicitud de nueva contraseña para su usuario de la Oficina Virtual Afiliados.

Usuario: {username}
Contraseña: {password}

Esta contraseña sirve durante 24 horas y el sistema le pedirá cambiarla al ingresar; su contraseña anterior deja de servir cuando la use. Si usted no la pidió, ignore este mensaje: su contraseña actual sigue sirviendo.

{_SAFETY_REMINDER}

Oficina Virtual: {portal_url}

{_EPS_FOOTER}
"""
    return Email(to=to, subject="Nueva contraseña Oficina Virtual Afiliados", text=text)


def affiliate_password_changed(*, to: str, portal_url: str) -> Email:
    text = f"""Estimado(a) Señor(a):

Le informamos que la contraseña de su usuario de la Oficina Virtual Afiliados fue cambiada. Las demás sesiones abiertas se cerraron.

Si usted no realizó este cambio, use la opción "Olvidé mi contraseña" y comuníquese con la línea 018000 938777.

{_SAFETY_REMINDER}

Oficina Virtual: {portal_url}

{_EPS_FOOTER}
"""
    return Email(to=to, subject="Cambio de contraseña Oficina Virtual Afiliados", text=text)


def affiliate_blocked(*, to: str, portal_url: str) -> Email:
    text = f"""Estimado(a) Señor(a):

Se intentó registrar su documento en la Oficina Virtual Afiliados y las respuestas a las preguntas de seguridad no fueron correctas tres veces. Por motivos de seguridad su documento quedó bloqueado temporalmente para el registro durante 24 horas.

Si fue usted, podrá intentarlo de nuevo pasado ese tiempo. Si no fue usted, comuníquese con la línea 018000 938777.

Oficina Virtual: {portal_url}

{_EPS_FOOTER}
"""
    return Email(to=to, subject="Documento bloqueado temporalmente Oficina Virtual Afiliados", text=text)


def affiliate_email_corrected(*, to: str, portal_url: str) -> Email:
    text = f"""Estimado(a) Señor(a):

A su solicitud, la EPS corrigió el correo electrónico de su usuario de la Oficina Virtual Afiliados: desde ahora los avisos de su cuenta llegan a esta dirección. Su usuario sigue siendo su número de identificación y su contraseña no cambió.

Si usted no pidió este cambio, comuníquese con la línea 018000 938777.

Oficina Virtual: {portal_url}

{_EPS_FOOTER}
"""
    return Email(to=to, subject="Correo actualizado Oficina Virtual Afiliados", text=text)
