"""The one permission mechanism, on routes that declare a menu (as pagos, cartera, indicadores, glosas will)."""

from __future__ import annotations

import pytest
from chalice import Blueprint, Chalice
from chalice.test import Client

from chalicelib.accounts.models import MembershipRecord
from chalicelib.accounts.permissions import MENU_LABELS, Menu
from chalicelib.api import authorizer
from chalicelib.api.http import Access, endpoint
from tests import factories
from tests.api.client import call


def menu_routes() -> Blueprint:
    routes = Blueprint(__name__)
    for menu in Menu:
        endpoint(routes, f"/prueba/{menu.value.lower()}", summary=menu.value, tag="prueba",
                 access=Access(menu=menu))(lambda principal: {"prestador": principal.provider_id})
    return routes


@pytest.fixture
def client(aws):
    app = Chalice(app_name="permissions-test")
    app.register_blueprint(authorizer.bp)
    app.register_blueprint(menu_routes())
    with Client(app) as test_client:
        yield test_client


@pytest.fixture
def provider(aws):
    return factories.provider()


def token_for(client, doc):
    return call(client, "POST", "/sesion", {"tipo_documento": "CC", "numero_documento": doc,
                                            "contrasena": factories.PASSWORD})[1]["token"]


def test_delegate_reaches_only_granted_menus(client, provider):
    from app import app as real_app
    delegate = factories.person("79000001")
    factories.membership(delegate, provider, role="DELEGADO", menus={"PAGOS"})
    with Client(real_app) as real:
        token = token_for(real, "79000001")
    assert call(client, "GET", "/prueba/pagos", token=token) == (200, {"prestador": "NI#900123456"})
    for menu in (Menu.CARTERA, Menu.INDICADORES, Menu.GLOSAS):
        status, body = call(client, "GET", f"/prueba/{menu.value.lower()}", token=token)
        assert (status, body["code"]) == (403, "MENU_NOT_GRANTED")
        assert MENU_LABELS[menu] in body["message"]

    MembershipRecord.get("CC#79000001", "NI#900123456").update(actions=[MembershipRecord.menus.set({"GLOSAS"})])
    assert call(client, "GET", "/prueba/pagos", token=token)[0] == 403
    assert call(client, "GET", "/prueba/glosas", token=token)[0] == 200


def test_administrator_reaches_every_menu(client, provider):
    from app import app as real_app
    admin = factories.person("1000000001")
    factories.membership(admin, provider)
    with Client(real_app) as real:
        token = token_for(real, "1000000001")
    assert all(call(client, "GET", f"/prueba/{m.value.lower()}", token=token)[0] == 200 for m in Menu)


def test_no_token_no_menu(client, provider):
    assert call(client, "GET", "/prueba/pagos", token="x.y.z")[0] == 401
