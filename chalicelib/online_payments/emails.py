"""The email of an approved payment (seed 003 line 786: "le llegará un correo electrónico con el soporte del pago y
la Orden de Prestación de Servicios (autorización)")."""

from __future__ import annotations

from datetime import datetime

from chalicelib.common.clock import BOGOTA
from chalicelib.notifications.mailer import Email

PORTAL = "Oficina Virtual Afiliados"
METHODS = {"PSE": "Cuentas débito ahorro y corriente (PSE)", "CARD": "Tarjeta de Crédito"}


def pesos(amount: int) -> str:
    return f"${amount:,}"


def payment_approved(*, to: str, full_name: str, receipt: str, authorization: str, amount: int, concept: str,
                     at: datetime, transaction_id: str | None, method: str | None, portal_url: str) -> Email:
    text = f"""Señor(a):
{full_name}

Su pago en línea fue APROBADO. Este es el soporte del pago:

Recibo de Pago: {receipt}
Concepto: {concept}
Valor: {pesos(amount)}
Fecha: {at.astimezone(BOGOTA):%Y-%m-%d %H:%M:%S}
Medio de pago: {METHODS.get(method or '', method or '')}
Transacción: {transaction_id or ''}

Orden de Prestación de Servicios (autorización) No. {authorization}: ya puede presentarla ante el prestador asignado
con su documento de identificación. Descargue la copia de la OPS en la {PORTAL} > Autorizaciones > Consultar estado
de mi solicitud.

Este es un mensaje automático; por favor no lo responda.
Para mayor información comuníquese con la línea de atención al cliente 018000938777.
{PORTAL}: {portal_url}/portal/
"""
    return Email(to=to, subject=f"Pago aprobado OPS {authorization} - Oficina Virtual Afiliados", text=text)
