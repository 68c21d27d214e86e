"""The email of a glosa response load (seed 002 §8.4): subject and body as the EPS's sample, the result file
attached (or linked when SES could not carry it)."""

from __future__ import annotations

from datetime import datetime

from chalicelib.glosas.export import SHEET_NAME
from chalicelib.notifications.mailer import Attachment, Email

PROCESS = "Proceso Cargar Respuestas Glosas"
WITH_ERROR = "Ejecutado con Error"


def subject(process: int, state: str) -> str:
    return f"Resultado {PROCESS} - Nro proceso {process} - {state}"


def finished(*, to: str, name: str, process: int, state: str, filename: str, started: str, finished: str,
             summary: dict, attachment: Attachment | None, link: str | None, link_hours: int,
             portal_url: str) -> Email:
    delivery = ("Se adjunta Archivo de Respuesta a Glosas reportado por el prestador, con el resultado del cargue "
                "por cada registro." if attachment else
                "El Archivo de Respuesta a Glosas reportado por el prestador, con el resultado del cargue por cada "
                f"registro, supera el tamaño de un adjunto; descárguelo aquí (el enlace vence en {link_hours} "
                f"horas):\n{link}")
    text = f"""{_header(name, state, process, filename, started, finished)}
Filas leídas: {summary['filas']}
Respuestas registradas: {summary['registradas']} (fuera de término: {summary['tardias']})
Respuestas no registradas: {summary['rechazadas']}
Filas sin respuesta en este archivo: {summary['sin_respuesta']}

{delivery}

También puede consultar el resultado en la Oficina Virtual, Gestión de glosas: {portal_url}

Este mensaje fue enviado automáticamente.
"""
    return Email(to=to, subject=subject(process, state), text=text,
                 attachments=(attachment,) if attachment else ())


def failed(*, to: str, name: str, process: int, filename: str, started: str, finished: str, reason: str) -> Email:
    text = f"""{_header(name, WITH_ERROR, process, filename, started, finished)}
No se registró ninguna respuesta: {reason}

Corrija el archivo y cárguelo de nuevo desde Gestión de glosas.

Este mensaje fue enviado automáticamente.
"""
    return Email(to=to, subject=subject(process, WITH_ERROR), text=text)


def _header(name: str, state: str, process: int, filename: str, started: str, finished: str) -> str:
    return f"""Señor(a):
{name}

Ha finalizado el proceso: {PROCESS} en estado {state}.

Consecutivo Proceso: {process}

Archivo: {filename} - hoja {SHEET_NAME}

Fecha inicio: {_when(started)}

Fecha fin: {_when(finished)}
"""


def _when(iso: str) -> str:
    """As the seed shows it: 2025-01-29 11:05:01 (Colombia's time)."""
    try:
        return datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return iso
