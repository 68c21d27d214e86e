"""Texts of the emails an authorisation sends (Spanish): the OPS authorised (seed 003 line 774) and the MIPRES
"CERTIFICADO DE AUTORIZACION DE SERVICIOS VIA ELECTRONICA" (lines 808–834). Everything in them is the EPS's data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from chalicelib.notifications.mailer import Email

PORTAL = "Oficina Virtual Afiliados"
MIPRES_SUBJECT = "CERTIFICADO DE AUTORIZACION DE SERVICIOS VIA ELECTRONICA"


@dataclass(frozen=True, slots=True)
class AuthorizedService:
    """One authorised service as both emails write it."""

    numero_autorizacion: str
    vencimiento: date | None
    cups: str
    descripcion: str
    valor: int
    plan: str
    ips: str
    ips_direccion: str | None
    ips_telefono: str | None


@dataclass(frozen=True, slots=True)
class Addressee:
    """The affiliate the service is for (the email may go to the cotizante of a minor)."""

    nombre: str
    identificacion: str  # "CC 1032456789"
    rango_salarial: str | None
    derecho: str | None
    ips_primaria: str | None


def pesos(value: int) -> str:
    return f"${value:,}"


def _closing(portal_url: str) -> str:
    return f"""Este es un mensaje automático; por favor no lo responda.
Para mayor información comuníquese con la línea de atención al cliente 018000938777.
{PORTAL}: {portal_url}/portal/
"""


def ops_authorized(*, to: str, who: Addressee, service: AuthorizedService, portal_url: str) -> Email:
    text = f"""Señor(a) Afiliado(a):
{who.nombre}

Su solicitud de autorización fue AUTORIZADA.

No. Autorización: {service.numero_autorizacion}
Prestación: {service.descripcion}
Proveedor que atiende: {service.ips}
F. Vencimiento: {service.vencimiento.isoformat() if service.vencimiento else ""}
Valor Cuota: {pesos(service.valor)}

Presente ante el proveedor el número de autorización, su documento de identificación y el valor de la cuota. Puede
consultarla (y, si su recaudo es en línea, pagar la cuota) en la {PORTAL}: Autorizaciones Médicas > Consultar Estado
de mi Solicitud.

{_closing(portal_url)}"""
    return Email(to=to, subject=f"Solicitud autorizada No. {service.numero_autorizacion} - {PORTAL}", text=text)


def mipres_certificate(*, to: str, who: Addressee, service: AuthorizedService, portal_url: str) -> Email:
    vencimiento = service.vencimiento.isoformat() if service.vencimiento else ""
    text = f"""{MIPRES_SUBJECT}

Cordial Saludo,

Señor(a) Afiliado(a):

Nombre: {who.nombre}
identificación: {who.identificacion}
Plan: {service.plan}
Rango Salarial: {who.rango_salarial or ""}
Derecho: {who.derecho or ""}
IPS Primaria: {who.ips_primaria or ""}

Servicio Occidental de Salud SOS EPS S.A., informa que los servicios relacionados a continuación fueron aprobados \
electrónicamente a las IPS:

IPS: {service.ips}
dirección: {service.ips_direccion or ""}
teléfono: {service.ips_telefono or ""}

Le informamos que los Servicios de Salud a continuación fueron autorizados.

SERVICIOS AUTORIZADOS
Numero de autorización | Fecha de Vencimiento | Código Cups | descripción | Cuota recuperación
{service.numero_autorizacion} | {vencimiento} | {service.cups} | {service.descripcion} | ${service.valor}

Para acceder a los servicios anteriormente mencionados usted debe presentar ante el prestador asignado el número de \
autorización, para ello recomendamos copiar dicho número de manera clara y legible o en su defecto imprimir o tomarle \
foto a este correo electrónico. Adicionalmente debe presentar copia de su fórmula médica y el valor señalado como \
cuota de recuperación.

{_closing(portal_url)}"""
    return Email(to=to, subject=MIPRES_SUBJECT, text=text)
