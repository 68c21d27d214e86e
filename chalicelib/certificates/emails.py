"""The notice mailed when a certificate is generated: no name, no document and nothing the PDF says (the address
on file may be read by others); only which document, when, and its verification code."""

from __future__ import annotations

from chalicelib.affiliates.emails import PORTAL
from chalicelib.notifications.mailer import Email


def certificate_generated(*, to: str, title: str, issued_at: str, code: str, portal_url: str) -> Email:
    text = f"""Señor(a) afiliado(a):

Desde su cuenta de la {PORTAL} se generó el documento "{title}" el {issued_at} (hora de Bogotá).
Código de verificación: {code}

Quien reciba el documento puede verificarlo, sin ingresar a la Oficina Virtual, en:
{portal_url}/portal/#/verificar

Si usted no generó este documento, cambie su contraseña y comuníquese con la línea de atención al cliente
018000938777.

Este es un mensaje automático; por favor no lo responda.
"""
    return Email(to=to, subject="Certificado generado - Oficina Virtual Afiliados", text=text)
