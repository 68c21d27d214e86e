"""Términos y condiciones de uso of the affiliates' portal, accepted when registering (issue 23, Ley 1581 de 2012).

Versioned: the account keeps the version accepted (with time, channel and IP); a form naming an older one is
refused so the person reads the current text."""

from __future__ import annotations

TERMS_VERSION = "TYC-AFILIADOS-2026-01"
TERMS_TITLE = "Términos y condiciones de uso de la Oficina Virtual Afiliados y autorización de tratamiento de datos"
TERMS_CLAUSES = (
    "La Oficina Virtual Afiliados es un servicio de la EPS para que el afiliado consulte su afiliación, la de su "
    "grupo familiar y su IPS primaria, actualice sus datos de contacto y envíe las solicitudes y documentos que "
    "la EPS recibe por este medio.",
    "El usuario es el número de identificación del afiliado y la contraseña es personal e intransferible. El "
    "afiliado guarda su reserva, la cambia cuando el portal lo pide y avisa a la línea 018000 938777 si sospecha "
    "que otra persona la conoce.",
    "El cotizante consulta y actualiza los datos de sus beneficiarios menores de edad; los mayores de edad y el "
    "cónyuge lo hacen desde su propia cuenta.",
    "El correo electrónico y el celular registrados se usan para enviar avisos de la cuenta y las respuestas a "
    "las solicitudes; el ingreso es siempre con el documento.",
    "Autorización de tratamiento de datos personales (Ley 1581 de 2012): la EPS trata los datos de "
    "identificación, contacto y afiliación para prestar este servicio y registrar lo que se hace en él. El "
    "afiliado puede conocer, actualizar, rectificar y suprimir sus datos y revocar la autorización por la línea "
    "018000 938777 o el formulario contáctenos; la EPS no los entrega a terceros sin autorización, salvo orden "
    "legal.",
    "La EPS puede modificar estas condiciones; la nueva versión se publica en el portal.",
)
