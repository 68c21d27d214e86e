"""What each certificate says, as a `DocumentSpec` built only from loaded data (the renderer adds the letterhead,
the date, "Usuario Generación" and the verification code). Pure functions: the fixtures in tests/certificates
read their text back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from chalicelib.affiliates.types import Affiliate, PacPlan
from chalicelib.pdf.spec import DocumentSpec, Fields, Heading, Paragraph, Table

MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
          "noviembre", "diciembre")
AFILIACION, AFILIACION_PAC = "certificado-afiliacion", "certificado-afiliacion-pac"
PAZ_Y_SALVO, RETENCION_PAC = "certificado-paz-y-salvo", "certificado-retencion-pac"
TITLES = {
    AFILIACION: "Certificado de afiliación",
    AFILIACION_PAC: "Certificado de afiliación al Plan de Atención Complementario (PAC)",
    PAZ_Y_SALVO: "Certificado de paz y salvo PBS independientes",
    RETENCION_PAC: "Certificado de pagos PAC para retención en la fuente",
}
CLOSING = "Este certificado se expide a solicitud del interesado desde la Oficina Virtual Afiliados."


@dataclass(frozen=True, slots=True)
class Eps:
    name: str
    nit: str


def pesos(value: int) -> str:
    return "$" + f"{value:,}".replace(",", ".")


def day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def month_name(periodo: str) -> str:
    """'2026-02' → 'febrero de 2026'."""
    year, month = periodo.split("-")
    return f"{MONTHS[int(month) - 1]} de {year}"


def document_of(person: Affiliate) -> str:
    return f"{person.doc_type} {person.doc_number}"


def _spec(kind: str, person: Affiliate, generated_by: str, *blocks) -> DocumentSpec:
    return DocumentSpec(kind, TITLES[kind], person.ref, person.full_name, person.doc_number, generated_by,
                        (*blocks, Paragraph(CLOSING, small=True)))


def afiliacion(eps: Eps, person: Affiliate, ips_primaria: str, generated_by: str) -> DocumentSpec:
    """Affiliation facts only (seed 003 line 883): nothing of contact data, health or payments."""
    pairs = [("Nombre", person.full_name), ("Documento de identidad", document_of(person)),
             ("Régimen", person.regimen.capitalize()), ("Tipo de afiliado", person.tipo_afiliado.value.capitalize())]
    if person.tipo_cotizante:
        pairs.append(("Tipo de cotizante", person.tipo_cotizante.value.capitalize()))
    pairs += [("Estado de la afiliación", person.estado_afiliacion),
              ("Fecha de afiliación", day(person.fecha_afiliacion)), ("IPS primaria", ips_primaria)]
    return _spec(AFILIACION, person, generated_by,
                 Paragraph(f"{eps.name} certifica que la persona identificada a continuación se encuentra afiliada "
                           "al Plan de Beneficios en Salud (PBS) con la siguiente información:"),
                 Fields(tuple(pairs)))


def afiliacion_pac(eps: Eps, person: Affiliate, plans: Sequence[PacPlan], generated_by: str) -> DocumentSpec:
    rows = tuple((p.plan, p.contrato, day(p.vigencia_desde), day(p.vigencia_hasta), p.estado)
                 for p in sorted(plans, key=lambda p: p.vigencia_desde))
    return _spec(AFILIACION_PAC, person, generated_by,
                 Paragraph(f"{eps.name} certifica que la persona identificada a continuación registra los siguientes "
                           "contratos del Plan de Atención Complementario (PAC):"),
                 Fields((("Nombre", person.full_name), ("Documento de identidad", document_of(person)))),
                 Table(("Plan", "Contrato", "Vigencia desde", "Vigencia hasta", "Estado"), rows))


def paz_y_salvo(eps: Eps, person: Affiliate, periodo: str, history: Sequence[tuple[str, int]] | None,
                generated_by: str) -> DocumentSpec:
    blocks: list = [
        Paragraph(f"{eps.name} certifica que {person.full_name}, identificado(a) con {document_of(person)}, cotizante "
                  "independiente del Plan de Beneficios en Salud (PBS), se encuentra a paz y salvo por concepto de "
                  f"aportes en salud hasta el periodo de {month_name(periodo)}."),
    ]
    if history is not None:
        blocks += [Heading("Historial de pagos"),
                   Table(("Periodo", "Valor pagado"), tuple((p, pesos(v)) for p, v in history))]
    return _spec(PAZ_Y_SALVO, person, generated_by, *blocks)


def retencion_pac(eps: Eps, person: Affiliate, year: int, payments: Sequence[tuple[date, str, str, int]],
                  generated_by: str) -> DocumentSpec:
    by_month = [0] * 12
    for paid_on, _, _, value in payments:
        by_month[paid_on.month - 1] += value
    plans = ", ".join(sorted({plan for _, _, plan, _ in payments}))
    rows = tuple((MONTHS[i].capitalize(), pesos(v)) for i, v in enumerate(by_month) if v)
    return _spec(RETENCION_PAC, person, generated_by,
                 Paragraph(f"{eps.name}, NIT {eps.nit}, certifica que durante el año {year} recibió los siguientes "
                           "pagos por concepto del Plan de Atención Complementario (PAC):"),
                 Fields((("NIT de la EPS", eps.nit), ("Año gravable", str(year)), ("Pagador", person.full_name),
                         ("Documento del pagador", document_of(person)), ("Plan", plans))),
                 Table(("Mes", "Valor pagado"), rows, total=("Total pagado", pesos(sum(by_month)))))
