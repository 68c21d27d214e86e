"""Histórico Cuotas Moderadoras y Copagos (seed 003 §4.2.4): LISTADO DE PAGOS CUOTAS MODERADORAS Y COPAGOS of the
caller or a minor of theirs — the portal's payments and the copays paid at offices, newest first, 10 a page."""

from __future__ import annotations

from math import ceil

from chalicelib.affiliates.household import Households
from chalicelib.affiliates.types import AffiliatePrincipal
from chalicelib.common.clock import BOGOTA
from chalicelib.common.errors import InvalidInput
from chalicelib.online_payments.repository import OnlinePaymentRepository
from chalicelib.online_payments.schemas import HistoryPerson, HistoryRow, PaymentHistoryPage
from chalicelib.online_payments.types import STATE_LABELS, OfficeCopays, Payment, PaymentKind

TITLE = "LISTADO DE PAGOS CUOTAS MODERADORAS Y COPAGOS"
PAGE_SIZE = 10
PAGE_OUT_OF_RANGE = "La página pedida no existe"


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

    def page(self, principal: AffiliatePrincipal, persona: str | None, pagina: int) -> PaymentHistoryPage:
        house = self._households.of(principal.identity)
        person = house.by_ref([persona])[0] if persona else house.caller
        portal = [portal_row(p) for p in self._repository.of_holders([person.identity])
                  if p.kind is PaymentKind.COPAGO]
        office = [HistoryRow(recibo_de_pago=c.recibo, numero_autorizacion=c.numero_autorizacion,
                             identificacion=c.identificacion, valor=c.valor, concepto=c.concepto, fecha=c.fecha,
                             estado=c.estado, observaciones=c.observaciones, canal="OFICINA")
                  for c in self._office.of([person.ref])]
        rows = sorted(portal + office, key=lambda row: row.fecha, reverse=True)
        pages = max(1, ceil(len(rows) / PAGE_SIZE))
        if not 1 <= pagina <= pages:
            raise InvalidInput(PAGE_OUT_OF_RANGE, code="PAGE_OUT_OF_RANGE",
                               details=[{"campo": "pagina", "mensaje": PAGE_OUT_OF_RANGE}])
        shown = rows[(pagina - 1) * PAGE_SIZE: pagina * PAGE_SIZE]
        return PaymentHistoryPage(
            titulo=TITLE, personas=[HistoryPerson(ref=p.ref, nombre=p.full_name) for p in house.managed],
            persona=person.ref, registros=shown, pagina=pagina, paginas=pages, total=len(rows),
            mostrando=f"Mostrando {len(shown)} de {len(rows)} Registros")
