"""Invoice states as the EPS sees them (DOMAIN.md "Invoice states"): stable codes and Spanish labels."""

from __future__ import annotations

from enum import StrEnum

from chalicelib.common.identifiers import invoice_key, sufijo_key  # noqa: F401  (moved down; imported from here)


class InvoiceState(StrEnum):
    NO_RADICADA = "no_radicada"
    RADICADA = "radicada"
    DEVUELTA = "devuelta"
    EN_AUDITORIA = "en_auditoria"
    GLOSADA_PARCIAL = "glosada_parcial"
    GLOSADA_TOTAL = "glosada_total"
    RESPONDIDA = "respondida"
    LEVANTADA = "levantada"
    RATIFICADA = "ratificada"
    ACEPTADA = "aceptada"
    CONCILIADA = "conciliada"
    PAGADA_PARCIAL = "pagada_parcial"
    PAGADA_TOTAL = "pagada_total"


INVOICE_STATE_LABELS: dict[InvoiceState, str] = {
    InvoiceState.NO_RADICADA: "No radicada",
    InvoiceState.RADICADA: "Radicada",
    InvoiceState.DEVUELTA: "Devuelta",
    InvoiceState.EN_AUDITORIA: "En auditoría",
    InvoiceState.GLOSADA_PARCIAL: "Glosada parcialmente",
    InvoiceState.GLOSADA_TOTAL: "Glosada totalmente",
    InvoiceState.RESPONDIDA: "Glosa respondida",
    InvoiceState.LEVANTADA: "Glosa levantada",
    InvoiceState.RATIFICADA: "Glosa ratificada",
    InvoiceState.ACEPTADA: "Glosa aceptada (nota crédito)",
    InvoiceState.CONCILIADA: "Conciliada",
    InvoiceState.PAGADA_PARCIAL: "Pagada parcialmente",
    InvoiceState.PAGADA_TOTAL: "Pagada totalmente",
}

AMBITOS: dict[str, str] = {
    "ambulatorio": "Ambulatorio",
    "hospitalario": "Hospitalario",
    "urgencias": "Urgencias",
    "domiciliario": "Domiciliario",
}

GRUPOS_SERVICIO: dict[str, str] = {
    "consulta_profesional": "Consulta profesional",
    "ayudas_diagnosticas_basicas": "Ayudas diagnósticas básicas",
    "ayudas_diagnosticas_especializadas": "Ayudas diagnósticas especializadas",
    "domiciliario": "Domiciliario",
    "hospitalizacion": "Hospitalización",
    "medicamentos": "Medicamentos",
    "alto_costo": "Alto costo",
    "insumos": "Insumos",
    "odontologia": "Odontología",
    "procedimientos_quirurgicos": "Procedimientos quirúrgicos",
    "procedimientos_no_quirurgicos": "Procedimientos no quirúrgicos",
    "terapias": "Terapias",
}

