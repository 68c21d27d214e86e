"""Histórico Cuotas Moderadoras y Copagos (seed 003 §4.2.4): LISTADO DE PAGOS CUOTAS MODERADORAS Y COPAGOS of the
caller and each minor of theirs — the portal's payments and the copays paid at offices, newest first (the
portal shows 10 a page: "Mostrando 10 de 19 Registros")."""

from __future__ import annotations

from chalicelib.affiliates.household import Households
from chalicelib.affiliates.types import AffiliatePrincipal
from chalicelib.common.clock import BOGOTA
from chalicelib.online_payments.repository import OnlinePaymentRepository
from chalicelib.online_payments.schemas import HistoryPerson, HistoryRow, PaymentHistoryPage
from chalicelib.online_payments.types import STATE_LABELS, OfficeCopays, Payment, PaymentKind

TITLE = "LISTADO DE PAGOS CUOTAS MODERADORAS Y COPAGOS"


def identification(identity: str) -> str:
    """"CC#1032456789" → "CC 1032456789"."""
    return identity.replace("#", " ", 1)


def portal_row(payment: Payment) -> HistoryRow:
    return HistoryRow(recibo_de_pago=payment.receipt, numero_autorizacion=payment.reference,
                      identificacion=identification(payment.holder_identity), valor=payment.amount,
                      concepto=payment.description, fecha=payment.created_at.astimezone(BOGOTA),
                      estado=STATE_LABELS[payment.state], observaciones=payment.observation, canal="PORTAL")


class PaymentHistory:
    def __init__(self, households: Households, repository: OnlinePaymentRepository, office: OfficeCopays):
        self._households = households
        self._repository = repository
        self._office = office

    def page(self, principal: AffiliatePrincipal) -> PaymentHistoryPage:
        """Every person the caller manages with all their records (a few a month each: the portal pages them)."""
        people = self._households.of(principal.identity).managed
        rows: dict[str, list[HistoryRow]] = {p.ref: [] for p in people}
        refs = {p.identity: p.ref for p in people}
        for payment in self._repository.of_holders(list(refs)):
            if payment.kind is PaymentKind.COPAGO:
                rows[refs[payment.holder_identity]].append(portal_row(payment))
        for c in self._office.of(list(rows)):
            rows[c.affiliate_ref].append(HistoryRow(
                recibo_de_pago=c.recibo, numero_autorizacion=c.numero_autorizacion or "",
                identificacion=f"{c.doc_type} {c.doc_number}",
                valor=c.valor, concepto=c.concepto, fecha=c.fecha if c.fecha.tzinfo else c.fecha.replace(tzinfo=BOGOTA),
                estado=c.estado, observaciones=c.observaciones, canal="OFICINA"))
        return PaymentHistoryPage(titulo=TITLE, personas=[
            HistoryPerson(ref=p.ref, nombre=p.full_name, total=len(rows[p.ref]),
                          registros=sorted(rows[p.ref], key=lambda row: row.fecha, reverse=True)) for p in people])
