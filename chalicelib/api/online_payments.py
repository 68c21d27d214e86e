"""Routes: copays paid online (seed 003 lines 783–798) and Histórico Cuotas Moderadoras y Copagos (§4.2.4); the
gateway's signed callback (public, its signature checked); the local simulator's checkout page (only where the
simulator is the gateway: the local and test stages; 404 in prod); the operators' list of pending payments."""

from __future__ import annotations

from urllib.parse import parse_qsl

from chalice import Blueprint, Response

from chalicelib import wiring
from chalicelib.access_log.service import ReadLog
from chalicelib.accounts.permissions import Principal
from chalicelib.affiliates.types import AffiliatePrincipal
from chalicelib.api.http import Access, endpoint
from chalicelib.common.errors import NotAuthenticated, NotFound
from chalicelib.common.observability import logger
from chalicelib.config import get_settings
from chalicelib.online_payments.gateway import InvalidEvent
from chalicelib.online_payments.schemas import (
    EventReceived,
    OnlinePaymentView,
    PaymentHistoryPage,
    PaymentRequest,
    PaymentStarted,
    PendingPaymentsPage,
    PendingPaymentView,
)
from chalicelib.online_payments.simulator import PAGE_PATH, SimulatedGateway
from chalicelib.online_payments.types import STATE_LABELS, Payment

bp = Blueprint(__name__)
AFFILIATE = Access(affiliate=True)
OPERATOR = Access(operator_only=True)
READS = ReadLog()
FORGED = "La firma del evento no es válida"
SIMULATOR_PAGE_HEADERS = {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
}


def _payment_view(payment: Payment) -> OnlinePaymentView:
    return OnlinePaymentView(pago=payment.payment_id, recibo_de_pago=payment.receipt,
                             numero_autorizacion=payment.reference, valor=payment.amount,
                             concepto=payment.description, fecha=payment.created_at,
                             estado=STATE_LABELS[payment.state], observaciones=payment.observation)


@endpoint(bp, "/afiliados/pagos", "POST", tag="afiliados-pagos", access=AFFILIATE, request=PaymentRequest,
          response=PaymentStarted, status=201, errors=(404, 409, 422),
          summary="Pagar en línea una OPS autorizada (tipo COPAGO, referencia: el número de autorización): el valor "
                  "completo lo fija la EPS; devuelve la página de la pasarela (PSE o tarjeta de crédito). Una OPS "
                  "con un pago aprobado o en proceso no se paga otra vez (409)")
def start_payment(principal: AffiliatePrincipal, body: PaymentRequest):
    started = wiring.online_payments().start(principal, body.tipo, body.referencia)
    return PaymentStarted(pago=started.payment.payment_id, url_pago=started.checkout_url, valor=started.payment.amount)


@endpoint(bp, "/afiliados/pagos", tag="afiliados-pagos", access=AFFILIATE, response=PaymentHistoryPage,
          reads=READS, errors=(404,),
          summary="Histórico Cuotas Moderadoras y Copagos: LISTADO DE PAGOS CUOTAS MODERADORAS Y COPAGOS (pagos en "
                  "línea y en oficinas) del afiliado y de cada menor de su grupo, del más reciente (el portal los "
                  "muestra de a 10)")
def history(principal: AffiliatePrincipal):
    return wiring.payment_history().page(principal)


@endpoint(bp, "/afiliados/pagos/{pago}", tag="afiliados-pagos", access=AFFILIATE, response=OnlinePaymentView,
          reads=READS, errors=(404,),
          summary="Estado de un pago en línea del afiliado (Aprobado, Pendiente o Rechazado, con sus observaciones)")
def payment(pago: str, principal: AffiliatePrincipal):
    return _payment_view(wiring.online_payments().of_payer(principal, pago))


@endpoint(bp, "/pagos/eventos", "POST", tag="pagos-pasarela", access=None, response=EventReceived,
          errors=(401,),
          summary="Eventos de la pasarela de pagos (transaction.updated, firmados con el secreto de eventos): un "
                  "evento repetido no tiene un segundo efecto; uno con otro valor se rechaza y alerta")
def gateway_event(request):
    return EventReceived(resultado=_deliver(request.raw_body or b"", dict(request.headers or {})))


def _deliver(body: bytes, headers: dict[str, str]) -> str:
    try:
        return wiring.online_payments().on_event(body, headers)
    except InvalidEvent as error:
        logger.warning("payment event refused", extra={"reason": str(error)})
        raise NotAuthenticated(FORGED, code="INVALID_SIGNATURE") from error


def _simulator() -> SimulatedGateway:
    """Only where the simulator is the gateway (the local and test stages); prod answers these routes 404."""
    gateway = wiring.payment_gateway()
    if get_settings().stage == "prod" or not isinstance(gateway, SimulatedGateway):
        raise NotFound("La ruta no existe", code="NOT_FOUND")
    return gateway


@endpoint(bp, f"{PAGE_PATH}/{{referencia}}/{{orden}}", tag="pagos-simulador", access=None,
          content_type="text/html", errors=(404,),
          summary="Solo en los ambientes local y de pruebas: la página del simulador de la pasarela de pagos (la orden "
                  "firmada va en la ruta)")
def simulator_page(referencia: str, orden: str):
    return Response(body=_simulator().page(referencia, orden), status_code=200, headers=SIMULATOR_PAGE_HEADERS)


@endpoint(bp, f"{PAGE_PATH}/{{referencia}}/{{orden}}", "POST", tag="pagos-simulador", access=None, status=303,
          errors=(404, 422), accepts=("application/x-www-form-urlencoded",),
          summary="Solo en los ambientes local y de pruebas: el simulador envía el evento firmado del resultado "
                  "elegido y devuelve al portal")
def simulator_outcome(referencia: str, orden: str, request):
    simulator = _simulator()
    form = dict(parse_qsl((request.raw_body or b"").decode("utf-8", "replace")))
    done = simulator.complete(referencia, orden, form)
    if done is None:
        return Response(body=simulator.page(referencia, ""), status_code=422, headers=SIMULATOR_PAGE_HEADERS)
    event, back = done
    _deliver(event, {})  # what Wompi's POST to /pagos/eventos does, without a request to this same server
    return Response(body="", status_code=303, headers={"Location": back})


@endpoint(bp, "/operaciones/afiliados/pagos-pendientes", tag="operaciones", access=OPERATOR,
          response=PendingPaymentsPage, reads=READS, errors=(401, 403),
          summary="Pagos en línea pendientes de respuesta de la pasarela (el barrido los consulta cada 5 minutos)")
def pending_payments(principal: Principal):
    return PendingPaymentsPage(pagos=[
        PendingPaymentView(pago=p.payment_id, recibo_de_pago=p.receipt, tipo=p.kind.value,
                           numero_autorizacion=p.reference, valor=p.amount, fecha=p.created_at, vence=p.expires_at,
                           transaccion=p.transaction_id) for p in wiring.online_payments().pending()])
