"""Emails of a cartera request (seed 002 §6.1: one on receipt, one with the result and a download link)."""

from __future__ import annotations

from chalicelib.cartera.reconcile import pesos
from chalicelib.notifications.mailer import Email

_SIGNATURE = "Oficina Virtual Prestadores — SOS EPS"


def received(*, to: str, name: str, request_id: str, filename: str, received_at: str) -> Email:
    text = f"""Señor(a):
{name}

Recibimos su solicitud de consulta de cartera.

Solicitud: {request_id}
Archivo: {filename}
Recibido: {received_at}

Cuando termine el proceso recibirá otro correo con el resultado y un enlace para descargarlo. También puede
consultar el estado en la Oficina Virtual, opción Consulta Cartera.

{_SIGNATURE}
"""
    return Email(to=to, subject=f"Solicitud de consulta de cartera recibida - Nro {request_id}", text=text)


def finished(*, to: str, name: str, request_id: str, filename: str, summary: dict, link: str,
             link_hours: int, portal_url: str) -> Email:
    states = "\n".join(f"  - {state}: {values['facturas']} factura(s), saldo reconocido "
                       f"{pesos(values['saldo_reconocido'])}" for state, values in summary["por_estado"].items())
    text = f"""Señor(a):
{name}

Su consulta de cartera terminó.

Solicitud: {request_id}
Archivo: {filename}
Facturas conciliadas: {summary['filas_conciliadas']} (encontradas en la EPS: {summary['encontradas']})
Filas con errores: {summary['filas_con_errores']}
Saldo declarado: {pesos(summary['saldo_declarado'])}
Saldo reconocido por la EPS: {pesos(summary['saldo_reconocido'])}
Diferencia: {pesos(summary['diferencia'])}

Por estado en la EPS:
{states or '  (ninguna factura conciliada)'}

Descargue el resultado (el enlace vence en {link_hours} horas):
{link}

Después podrá descargarlo desde la Oficina Virtual, opción Consulta Cartera: {portal_url}

{_SIGNATURE}
"""
    return Email(to=to, subject=f"Resultado consulta de cartera - Nro {request_id} - Ejecutado Exitosamente",
                 text=text)


def failed(*, to: str, name: str, request_id: str, filename: str, reason: str) -> Email:
    text = f"""Señor(a):
{name}

No fue posible procesar su consulta de cartera.

Solicitud: {request_id}
Archivo: {filename}
Motivo: {reason}

Esta solicitud no cuenta en el cupo de 3 consultas del día: corrija el archivo y regístrela de nuevo.

{_SIGNATURE}
"""
    return Email(to=to, subject=f"Resultado consulta de cartera - Nro {request_id} - con Error", text=text)
