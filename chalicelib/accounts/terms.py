"""The Contrato de términos y condiciones a provider's administrator accepts when registering (seed 002 §2.2).

Versioned like the data-processing policy: the registration keeps the version the administrator accepted.
"""

from __future__ import annotations

# Bump when the text changes; an application that names an older version is refused so the applicant reads it.
TERMS_VERSION = "TYC-2024-01"
TERMS_TITLE = "Contrato de Términos y condiciones de la Oficina Virtual para Prestadores"
TERMS_CLAUSES = (
    "La Oficina Virtual para Prestadores es un servicio de la EPS para consultar pagos, cartera, glosas e "
    "indicadores del prestador y para enviar los archivos que la EPS recibe por este medio.",
    "El prestador designa un usuario administrador, confirmado desde el correo de notificaciones que el "
    "prestador tiene registrado en la EPS. El administrador crea los usuarios delegados del prestador, les "
    "asigna los menús que pueden usar y los inactiva cuando dejan de trabajar para el prestador.",
    "Cada usuario es personal e intransferible. El usuario guarda la reserva de su contraseña, la cambia cuando "
    "el portal lo pide y avisa a la EPS por el formulario de PQRS si sospecha que otra persona la conoce.",
    "La información que el portal muestra es de uso exclusivo del prestador para la gestión de sus cuentas con "
    "la EPS; no puede divulgarse a terceros. Cada consulta queda registrada con el usuario que la hizo.",
    "Los archivos que el prestador envía deben corresponder a sus propias cuentas; el prestador responde por "
    "su contenido. La EPS puede rechazar los archivos que no cumplan la estructura publicada.",
    "Los datos personales se tratan según la Política de tratamiento de datos personales de la EPS "
    "(Ley 1581 de 2012), que el usuario autoriza por separado.",
    "La EPS puede modificar estas condiciones; la nueva versión se publica en el portal y se pide aceptarla de "
    "nuevo en el registro.",
)
