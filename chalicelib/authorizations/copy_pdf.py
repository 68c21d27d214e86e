"""The copy of an OPS (seed 003 line 778): a PDF with the authorisation, the affiliate and the provider, issued
through the portal's one PDF issuer (verification code and QR on every page)."""

from __future__ import annotations

from chalicelib.affiliates.types import Affiliate
from chalicelib.authorizations.emails import pesos
from chalicelib.authorizations.types import Ops
from chalicelib.pdf.spec import DocumentSpec, Fields, Heading, Paragraph, Table

KIND = "copia-ops"
TITLE = "ORDEN DE PRESTACIÓN DE SERVICIOS (OPS)"


def _day(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def ops_copy(ops: Ops, person: Affiliate, generated_by: str) -> DocumentSpec:
    p = ops.proveedor
    return DocumentSpec(
        kind=KIND, title=TITLE, holder_ref=person.ref, holder_name=person.full_name,
        holder_document=f"{person.doc_type} {person.doc_number}", generated_by=generated_by,
        blocks=(
            Fields((("No. Autorización", ops.numero_autorizacion),
                    ("No. Presolicitud", ops.numero_presolicitud or ""),
                    ("Fecha", _day(ops.fecha)), ("Estado", ops.estado.value),
                    ("F. Vencimiento", _day(ops.vencimiento)), ("Plan", ops.plan))),
            Heading("DATOS DEL AFILIADO"),
            Fields((("Nombres y Apellidos", person.full_name),
                    ("Número de Identificación", f"{person.doc_type} {person.doc_number}"))),
            Heading("PROVEEDOR QUE ATIENDE"),
            Fields((("Proveedor", p.nombre or ""), ("NIT", p.nit or ""), ("Dirección", p.direccion or ""),
                    ("Teléfonos", p.telefonos or ""), ("Ciudad", p.ciudad or ""))),
            Heading("SERVICIOS AUTORIZADOS"),
            Table(("Código CUPS", "Prestación", "Concepto", "Valor Cuota"),
                  ((ops.cups, ops.prestacion, ops.concepto or "", pesos(ops.valor_cuota)),)),
            Paragraph("Presente esta orden, su documento de identificación y la fórmula médica ante el proveedor "
                      "asignado antes de la fecha de vencimiento."),
        ))
