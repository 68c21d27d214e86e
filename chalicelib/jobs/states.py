"""Every state a processing job can show, as one closed type: the API documents it as an enum, so the portal's
catalogue of Spanish labels is checked against it at build time (tests/unit/test_job_states.py keeps it equal
to the pipelines' own states)."""

from __future__ import annotations

from typing import Literal

JobState = Literal[
    "ESPERANDO_ARCHIVO", "RECIBIDO", "VALIDANDO", "EN_ESPERA", "CARGANDO", "CALCULANDO", "CONCILIANDO",
    "REGISTRANDO", "GENERANDO_RESULTADO", "FINALIZADO", "FINALIZADO_CON_RECHAZOS", "FALLIDO", "VENCIDA", "ANULADA",
]
