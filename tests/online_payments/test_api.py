"""The payment routes through chalice.test.Client on the embedded AWS: pay a copay through the simulator's page
and back, the callback route refusing a forged event, the history, a payment of another affiliate 404, the
operators' pending list; and the demo's two portal payments."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from urllib.parse import urlencode, urlsplit

import pytest

from chalicelib import wiring
from chalicelib.affiliates.types import TipoAfiliado
from chalicelib.common import clock
from chalicelib.common.identifiers import DocumentType
from chalicelib.online_payments import demo as payments_demo
from chalicelib.operations.accounts import create_operator
from devstack.demo import DEMO_AFFILIATE, load_affiliate_account
from tests.affiliates.fakes import FakeAffiliateDirectory, affiliate
from tests.api.client import call, login
from tests.api.conftest import client, mailbox  # noqa: F401 (fixtures)
from tests.online_payments.fakes import FakeOfficeCopays, FakeOpsLedger, ops

COPAY = "3510000103"
FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def family(aws):
    directory = FakeAffiliateDirectory()
    me = directory.add(affiliate("CC", "1032456789"))
    child = directory.add(affiliate("TI", "1107000111", primer_nombre="SOFIA", fecha_nacimiento=date(2015, 5, 2),
                                    tipo_afiliado=TipoAfiliado.BENEFICIARIO))
    directory.link(me, child, "HIJO")
    valid = clock.now().date() + timedelta(days=30)
    ledger = FakeOpsLedger(ops(me.ref, COPAY, vencimiento=valid),
                           ops(child.ref, "3510000201", 4_100, vencimiento=valid))
    wiring.use_affiliate_directory(directory)
    wiring.use_payment_sources(ledger, FakeOfficeCopays())
    load_affiliate_account()
    yield {"me": me, "child": child, "ledger": ledger}
    wiring.use_payment_sources()
    wiring.use_affiliate_directory(None)


def token(client) -> str:  # noqa: F811
    status, session = call(client, "POST", "/afiliados/sesion", DEMO_AFFILIATE)
    assert status == 200
    return session["token"]


def pay_through_the_simulator(client, tok: str, outcome: str, method: str = "PSE"):  # noqa: F811
    status, started = call(client, "POST", "/afiliados/pagos", {"tipo": "COPAGO", "referencia": COPAY}, token=tok)
    assert status == 201 and started["valor"] == 6_358
    page = client.http.get(urlsplit(started["url_pago"]).path)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    html = page.body.decode()
    assert "Cuentas débito ahorro y corriente (PSE)" in html and "Tarjeta de Crédito" in html and "$6,358" in html
    assert not re.search(r"tarjeta.*n[úu]mero|cvv|cvc", html, re.IGNORECASE)  # no card data asked for
    form = urlencode({"medio": method, "resultado": outcome})
    back = client.http.post(urlsplit(started["url_pago"]).path, headers={"Content-Type": FORM}, body=form)
    return started, back


def test_pay_a_copay_through_the_simulator_and_back(client, family, mailbox):  # noqa: F811
    tok = token(client)
    started, back = pay_through_the_simulator(client, tok, "aprobar", "CARD")
    assert back.status_code == 303
    assert back.headers["Location"].endswith(f"/portal/#/afiliados/autorizaciones/pagos/resultado/{started['pago']}")
    status, payment = call(client, "GET", f"/afiliados/pagos/{started['pago']}", token=tok)
    assert status == 200 and (payment["estado"], payment["numero_autorizacion"]) == ("Aprobado", COPAY)
    assert family["ledger"].payable(family["me"].ref, COPAY).estado == "ENTREGADA"
    [email] = [m for m in mailbox() if COPAY in m.subject]
    assert payment["recibo_de_pago"] in email.body
    status, again = call(client, "POST", "/afiliados/pagos", {"tipo": "COPAGO", "referencia": COPAY}, token=tok)
    assert status == 409 and again["code"] == "NOT_PAYABLE"  # ENTREGADA now


def test_a_cancelled_payment_reads_as_the_seed_says(client, family):  # noqa: F811
    tok = token(client)
    pay_through_the_simulator(client, tok, "cancelar")
    status, page = call(client, "GET", "/afiliados/pagos", token=tok)
    assert status == 200 and [p["total"] for p in page["personas"]] == [1, 0]
    row = page["personas"][0]["registros"][0]
    assert (row["estado"], row["observaciones"]) == ("Rechazado", "La petición ha sido cancelada por el usuario")
    assert row["identificacion"] == "CC 1032456789" and row["concepto"] == "Copagos o cuotas moderadoras"


def test_a_tampered_simulator_form_changes_nothing(client, family):  # noqa: F811
    tok = token(client)
    _, started = call(client, "POST", "/afiliados/pagos", {"tipo": "COPAGO", "referencia": COPAY}, token=tok)
    path = urlsplit(started["url_pago"]).path
    packed, _, signature = path.rsplit("/", 1)[1].partition(".")
    tampered = f"{path.rsplit('/', 1)[0]}/{packed[:-2]}xx.{signature}"
    form = urlencode({"medio": "PSE", "resultado": "aprobar"})
    answer = client.http.post(tampered, headers={"Content-Type": FORM}, body=form)
    assert answer.status_code == 422
    assert client.http.post(path, headers={"Content-Type": FORM},
                            body=urlencode({"medio": "BITCOIN", "resultado": "aprobar"})).status_code == 422
    assert call(client, "GET", f"/afiliados/pagos/{started['pago']}", token=tok)[1]["estado"] == "Pendiente"


def test_the_callback_route_refuses_a_forged_event(client, family):  # noqa: F811
    tok = token(client)
    _, started = call(client, "POST", "/afiliados/pagos", {"tipo": "COPAGO", "referencia": COPAY}, token=tok)
    event = json.loads(wiring.payment_gateway().event(started["pago"], 635_800, "DECLINED", "PSE"))
    event["data"]["transaction"]["status"] = "APPROVED"
    status, body = call(client, "POST", "/pagos/eventos", event)
    assert status == 401 and body["code"] == "INVALID_SIGNATURE"
    signed = json.loads(wiring.payment_gateway().event(started["pago"], 635_800, "APPROVED", "PSE"))
    assert call(client, "POST", "/pagos/eventos", signed) == (200, {"resultado": "APROBADO"})
    assert call(client, "POST", "/pagos/eventos", signed) == (200, {"resultado": "APROBADO"})
    assert len(family["ledger"].paid) == 1


def test_another_affiliates_payment_and_a_strangers_ops_are_refused(client, family):  # noqa: F811
    tok = token(client)
    status, _ = call(client, "GET", "/afiliados/pagos/0123456789abcdef0123456789abcdef", token=tok)
    assert status == 404
    status, body = call(client, "POST", "/afiliados/pagos", {"tipo": "COPAGO", "referencia": "3519999999"},
                        token=tok)
    assert status == 409 and body["code"] == "NOT_PAYABLE"
    assert call(client, "POST", "/afiliados/pagos", {"tipo": "OTRO", "referencia": COPAY}, token=tok)[0] == 422


def test_operators_see_pending_payments(client, family):  # noqa: F811
    tok = token(client)
    _, started = call(client, "POST", "/afiliados/pagos", {"tipo": "COPAGO", "referencia": COPAY}, token=tok)
    create_operator(DocumentType.CC, "31000111", primer_nombre="Olga", primer_apellido="Mejía",
                    correo="olga@eps.example.co", password="Operadora2024", must_change_password=False)
    operator = login(client, "31000111", "Operadora2024")
    status, page = call(client, "GET", "/operaciones/afiliados/pagos-pendientes", token=operator)
    assert status == 200 and [p["pago"] for p in page["pagos"]] == [started["pago"]]
    assert call(client, "GET", "/operaciones/afiliados/pagos-pendientes", token=tok)[0] == 403


def test_the_demo_has_one_approved_and_one_rejected_portal_payment(client, aws):  # noqa: F811
    directory = FakeAffiliateDirectory()
    me = directory.add(affiliate("CC", "1032456789"))
    child = directory.add(affiliate("TI", "1107000111", primer_nombre="SOFIA", fecha_nacimiento=date(2015, 5, 2),
                                    tipo_afiliado=TipoAfiliado.BENEFICIARIO))
    directory.link(me, child, "HIJO")
    valid = clock.now().date() + timedelta(days=30)
    wiring.use_affiliate_directory(directory)
    wiring.use_payment_sources(FakeOpsLedger(ops(child.ref, payments_demo.DEMO_APPROVED, vencimiento=valid),
                                             ops(me.ref, payments_demo.DEMO_REJECTED, vencimiento=valid)),
                               FakeOfficeCopays())
    try:
        load_affiliate_account()
        payments_demo.load(wiring.online_payments(), wiring.payment_gateway())
        status, page = call(client, "GET", "/afiliados/pagos", token=token(client))
    finally:
        wiring.use_payment_sources()
        wiring.use_affiliate_directory(None)
    assert status == 200
    portal = {r["numero_autorizacion"]: r["estado"] for person in page["personas"] for r in person["registros"]
              if r["canal"] == "PORTAL"}
    # the cotizante's own OPS declined, his daughter's approved
    assert portal == {payments_demo.DEMO_APPROVED: "Aprobado", payments_demo.DEMO_REJECTED: "Rechazado"}
