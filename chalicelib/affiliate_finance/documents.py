"""The financial documents as `DocumentSpec`s (chalicelib/pdf draws them): the PAC invoice with its Asobancaria
GS1-128 barcode, the PBS and PAC cartera, the payment history, an incapacidad's certificate and the AFP report.
Pure functions of the loaded data; the issuer adds the code, the date and the letterhead."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from chalicelib.affiliate_finance.content import PaymentContent
from chalicelib.affiliate_finance.formats import fecha, fecha_informe, pesos, yes_no
from chalicelib.affiliate_finance.formats import periodo as periodo_text
from chalicelib.affiliate_finance.types import Aporte, CarteraPeriod, Incapacidad, PacInvoice
from chalicelib.affiliates.types import Affiliate
from chalicelib.pdf.spec import Barcode, Block, DocumentSpec, Fields, Heading, Paragraph, Table

AFP_NOTE = ("NOTA: La columna ESTADO no puede ser usada para verificar pago al trabajador, refleja la condición del "
            "reembolso de las EPS al aportante, reguladas por: Código Sustantivo del Trabajo Art 227, Circular súper "
            "salud 011 de 1995, Decreto 019 del 2012 Artículo 121, ley 1438 de 2011, Decreto 4023 de 2011 Artículo "
            "24")
NO_PBS_DEBT = "A la fecha no registra deuda por aportes al Plan de Beneficios en Salud (PBS)."
NO_PAC_DEBT = "A la fecha no registra saldos pendientes del Plan de Atención Complementario (PAC)."
NO_APORTES = "No registra aportes en el periodo consultado"
NO_INCAPACIDADES = "No registra incapacidades ni licencias en el periodo consultado"


def document_of(person: Affiliate) -> str:
    return f"{person.doc_type} {person.doc_number}"


def _spec(kind: str, title: str, person: Affiliate, blocks: Sequence[Block]) -> DocumentSpec:
    return DocumentSpec(kind=kind, title=title, holder_ref=person.ref, holder_name=person.full_name,
                        holder_document=person.doc_number, generated_by=document_of(person), blocks=tuple(blocks))


def _holder(person: Affiliate, label: str = "Afiliado") -> tuple[str, str]:
    return label, f"{person.full_name} — {document_of(person)}"


def gs1_payment_code(gln: str, invoice: PacInvoice) -> str:
    """Asobancaria's layout: (415) the collector's GLN, (8020) the payment reference (the invoice number), (3900)
    the value in whole pesos, (96) the due date AAAAMMDD."""
    return f"(415){gln}(8020){invoice.numero_factura}(3900){invoice.saldo}(96){invoice.fecha_limite:%Y%m%d}"


def pac_invoice(person: Affiliate, invoice: PacInvoice, content: PaymentContent) -> DocumentSpec:
    code = gs1_payment_code(content.gln_recaudo, invoice)
    return _spec("factura-pac", "Factura de venta Plan de Atención Complementario (PAC)", person, (
        Fields((("Factura de venta No.", invoice.numero_factura), _holder(person, "Responsable de pago"),
                ("Plan", invoice.plan), ("Contrato", invoice.contrato),
                ("Periodo facturado", periodo_text(invoice.periodo)),
                ("Fecha de emisión", fecha(invoice.fecha_emision)),
                ("Fecha límite de pago", fecha(invoice.fecha_limite)), ("Valor factura", pesos(invoice.valor)))),
        Heading(f"Total a pagar: {pesos(invoice.saldo)}"),
        Paragraph("Documento para pago físico. Presente este código en los puntos de recaudo:"),
        Barcode("gs1-128", code, caption=code),
        Paragraph(content.nota_impresion),
        Heading("Otros canales de pago"),
        *(Paragraph(f"{c.canal}. {c.detalle}".strip(), small=True) for c in content.otros_canales),
        Heading("Ten en cuenta"),
        *(Paragraph(text, small=True) for text in content.ten_en_cuenta),
    ))


def pbs_cartera(person: Affiliate, periods: Sequence[CarteraPeriod], today: date) -> DocumentSpec:
    owed = [p for p in periods if p.saldo > 0]
    blocks: list[Block] = [Fields((_holder(person, "Aportante"), ("Fecha de corte", fecha(today))))]
    if owed:
        blocks += [Heading("Cartera PBS detallado por periodo"), Table(
            ("Periodo", "Valor esperado", "Pagado", "Saldo", "Días de mora"),
            tuple((p.periodo, pesos(p.valor_esperado), pesos(p.pagado), pesos(p.saldo), str(p.dias_mora))
                  for p in owed),
            total=("Total", "", "", pesos(sum(p.saldo for p in owed)), ""))]
    else:
        blocks.append(Paragraph(NO_PBS_DEBT))
    return _spec("cartera-pbs", "Consulta de Cartera Plan de Beneficios en Salud (PBS)", person, blocks)


def pac_cartera(person: Affiliate, invoices: Sequence[PacInvoice], today: date) -> DocumentSpec:
    owed = sorted((i for i in invoices if i.open), key=lambda i: (i.fecha_limite, i.numero_factura))
    blocks: list[Block] = [Fields((_holder(person, "Responsable de pago"), ("Fecha de corte", fecha(today))))]
    if owed:
        blocks.append(Table(
            ("Factura", "Plan", "Contrato", "Periodo", "Fecha límite", "Valor", "Saldo"),
            tuple((i.numero_factura, i.plan, i.contrato, i.periodo, fecha(i.fecha_limite), pesos(i.valor),
                   pesos(i.saldo)) for i in owed),
            total=("Total", "", "", "", "", "", pesos(sum(i.saldo for i in owed)))))
    else:
        blocks.append(Paragraph(NO_PAC_DEBT))
    return _spec("cartera-pac", "Consulta de Cartera Plan de Atención Complementario", person, blocks)


def payment_history(person: Affiliate, desde: str, hasta: str, aportes: Sequence[Aporte]) -> DocumentSpec:
    return _spec("historial-pagos", "Mi historial de pagos — Plan de Beneficios en Salud (PBS)", person, (
        Fields((_holder(person, "Cotizante"), ("Periodos", f"{desde} a {hasta}"))),
        Paragraph("Aportes realizados al Sistema General de Seguridad Social en Salud (SGSSS)."),
        Table(("Periodo", "Aportante", "Razón social", "Fecha de pago", "Planilla", "Operador", "IBC", "Días",
               "Valor"),
              tuple((a.periodo, a.aportante_documento, a.razon_social, fecha(a.fecha_pago), a.planilla, a.operador,
                     pesos(a.ibc), str(a.dias), pesos(a.valor)) for a in aportes),
              empty_text=NO_APORTES,
              total=("Total", "", "", "", "", "", "", "", pesos(sum(a.valor for a in aportes))) if aportes else None),
    ))


def incapacidad_certificate(person: Affiliate, item: Incapacidad) -> DocumentSpec:
    return _spec("certificado-incapacidad", "Certificado de incapacidad o licencia", person, (
        Fields((_holder(person, "Cotizante"), ("Aportante", f"{item.aportante_documento} {item.razon_social}"),
                ("Número de folio", item.numero_folio), ("Oficina folio", item.oficina_folio),
                ("Contingencia", item.contingencia), ("Diagnóstico", item.diagnostico),
                ("Fecha de inicio", fecha(item.fecha_inicio)), ("Fecha fin", fecha(item.fecha_fin)),
                ("Días solicitados", str(item.dias_solicitados)), ("Días acumulados", str(item.dias_acumulados)),
                ("Prórroga", yes_no(item.prorroga)), ("Estado", item.estado))),
        Paragraph(AFP_NOTE, small=True),
    ))


def afp_report(person: Affiliate, desde: date, hasta: date, items: Sequence[Incapacidad],
               generated_on: date) -> DocumentSpec:
    empresas = dict.fromkeys(f"{i.aportante_documento} {i.razon_social}" for i in items)
    return _spec("informe-prestaciones-economicas", "INFORME PRESTACIONES ECONÓMICAS", person, (
        Fields((("Cotizante", f"{document_of(person)} ({person.full_name})"),
                ("Empresa", ", ".join(empresas) or "—"),
                ("Fecha Consulta", f"{fecha_informe(desde)} - {fecha_informe(hasta)}"))),
        Table(("Número Folio", "Fecha Inicio", "Fecha Fin", "Contingencia", "Diagnóstico", "Días Solicitados",
               "Días Acumulados", "Prorroga", "Estado"),
              tuple((i.numero_folio, fecha_informe(i.fecha_inicio), fecha_informe(i.fecha_fin), i.contingencia,
                     i.diagnostico, str(i.dias_solicitados), str(i.dias_acumulados), yes_no(i.prorroga), i.estado)
                    for i in items),
              empty_text=NO_INCAPACIDADES),
        Fields((("Fecha Generación", fecha_informe(generated_on)), ("Usuario Generación", document_of(person)))),
        Paragraph(AFP_NOTE, small=True),
    ))
