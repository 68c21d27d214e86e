"""Seed 002 §4.1: the administrator's users, tenant isolation and immediate effect of changes."""

from __future__ import annotations

import re

import pytest

from chalicelib.accounts.models import MembershipRecord, PersonRecord
from tests import factories
from tests.api.client import call

DELEGATE = {
    "tipo_documento": "CC", "numero_documento": "79111222", "primer_nombre": "Jorge", "primer_apellido": "Pérez",
    "cargo": "Analista de glosas", "area": "Cuentas médicas", "departamento": "Valle del Cauca",
    "ciudad": "Palmira", "celular": "3157778899", "correo": "jorge.perez@clinica.example.co",
    "correo_confirmacion": "jorge.perez@clinica.example.co", "permisos": ["PAGOS", "GLOSAS"],
}
EDIT = {k: v for k, v in DELEGATE.items() if k not in ("tipo_documento", "numero_documento", "correo",
                                                        "correo_confirmacion")}


def session(client, doc, password=factories.PASSWORD, provider_id=None):
    body = {"tipo_documento": "CC", "numero_documento": doc, "contrasena": password}
    if provider_id:
        body["prestador_id"] = provider_id
    status, answer = call(client, "POST", "/sesion", body)
    assert status == 200, answer
    return answer["token"]


@pytest.fixture
def two_providers(aws):
    a, b = factories.provider("900123456", "Clínica A"), factories.provider("800200300", "Clínica B")
    admin_a, admin_b = factories.person("1000000001"), factories.person("1000000002")
    factories.membership(admin_a, a)
    factories.membership(admin_b, b)
    return a, b


@pytest.fixture
def admin_token(client, two_providers):
    return session(client, "1000000001")


def uid(client, token, doc):
    """The opaque id the administrator's listing gives the person with this document."""
    users = call(client, "GET", "/usuarios?limite=100", token=token)[1]["usuarios"]
    return next(u["usuario_id"] for u in users if u["numero_documento"] == doc)


def create_delegate(client, token, **overrides):
    return call(client, "POST", "/usuarios", {**DELEGATE, **overrides}, token=token)


def test_create_delegate_emails_credentials_that_log_in(client, admin_token, mailbox):
    status, user = create_delegate(client, admin_token)
    assert status == 201, user
    assert (user["numero_documento"], user["rol"], user["estado"]) == ("79111222", "DELEGADO", "ACTIVA")
    assert user["permisos"] == ["GLOSAS", "PAGOS"]
    assert user["perfil"] == "Perfil Consultor Prestador oficina virtual"
    mail = mailbox()[-1]
    assert mail.destinations["ToAddresses"] == ["jorge.perez@clinica.example.co"]
    password = re.search(r"Contraseña: (\S+)", mail.body).group(1)
    assert "Usuario: 79111222" in mail.body
    status, answer = call(client, "POST", "/sesion",
                          {"tipo_documento": "CC", "numero_documento": "79111222", "contrasena": password})
    assert status == 200 and answer["permisos"] == ["GLOSAS", "PAGOS"]


def test_list_users_is_paginated_and_limited_to_the_provider(client, admin_token):
    for i in range(3):
        create_delegate(client, admin_token, numero_documento=f"7911122{i}")
    status, page = call(client, "GET", "/usuarios?limite=2", token=admin_token)
    assert status == 200 and len(page["usuarios"]) == 2 and page["siguiente"]
    status, rest = call(client, "GET", f"/usuarios?limite=2&cursor={page['siguiente']}", token=admin_token)
    listed = {u["numero_documento"] for u in page["usuarios"] + rest["usuarios"]}
    assert listed == {"1000000001", "79111220", "79111221", "79111222"}
    assert call(client, "GET", "/usuarios?limite=500", token=admin_token)[0] == 422
    assert call(client, "GET", "/usuarios?cursor=basura", token=admin_token)[0] == 422


def test_a_page_that_ends_the_list_carries_no_cursor(client, admin_token):
    """Issue 22: exactly a page of results must not offer "Siguiente" onto an empty page."""
    create_delegate(client, admin_token, numero_documento="79111220")  # with the administrator: 2 users
    status, page = call(client, "GET", "/usuarios?limite=2", token=admin_token)
    assert status == 200 and len(page["usuarios"]) == 2 and page["siguiente"] is None
    status, first = call(client, "GET", "/usuarios?limite=1", token=admin_token)
    assert len(first["usuarios"]) == 1 and first["siguiente"]
    status, last = call(client, "GET", f"/usuarios?limite=1&cursor={first['siguiente']}", token=admin_token)
    assert status == 200 and len(last["usuarios"]) == 1 and last["siguiente"] is None
    assert last["usuarios"][0]["numero_documento"] != first["usuarios"][0]["numero_documento"]


def test_known_person_is_invited_not_duplicated(client, admin_token, mailbox):
    status, user = create_delegate(client, admin_token, numero_documento="1000000002")
    assert (status, user["estado"]) == (201, "PENDIENTE")
    assert "Contraseña" not in mailbox()[-1].body
    assert user["nombre"] == "Jorge Pérez"  # the names the administrator typed, not the person's stored ones
    assert create_delegate(client, admin_token, numero_documento="1000000002")[1]["code"] == "USER_ALREADY_EXISTS"


def test_admin_of_a_cannot_touch_users_of_b(client, two_providers):
    token_b = session(client, "1000000002")
    assert create_delegate(client, token_b, numero_documento="55000111")[0] == 201
    token_a = session(client, "1000000001")
    target = uid(client, token_b, "55000111")
    assert call(client, "GET", f"/usuarios/{target}", token=token_a)[0] == 404
    assert call(client, "PUT", f"/usuarios/{target}", EDIT, token=token_a)[0] == 404
    assert call(client, "PUT", f"/usuarios/{target}/estado", {"estado": "INACTIVA"}, token=token_a)[0] == 404
    assert call(client, "GET", f"/usuarios/{uid(client, token_b, '1000000002')}", token=token_a)[0] == 404
    listed = call(client, "GET", "/usuarios", token=token_a)[1]["usuarios"]
    assert [u["numero_documento"] for u in listed] == ["1000000001"]
    # The provider in a body is refused, not obeyed.
    status, body = call(client, "POST", "/usuarios", {**DELEGATE, "prestador_id": "NI#800200300"}, token=token_a)
    assert status == 422 and {"campo": "prestador_id", "mensaje": "Campo no permitido"} in body["errores"]
    # A cursor made from B's listing does not page through A.
    page_b = call(client, "GET", "/usuarios?limite=1", token=token_b)[1]
    assert call(client, "GET", f"/usuarios?cursor={page_b['siguiente']}", token=token_a)[0] == 422
    assert MembershipRecord.get("CC#55000111", "NI#800200300").state == "ACTIVA"


def test_delegate_cannot_manage_users(client, admin_token):
    create_delegate(client, admin_token, numero_documento="79000001")
    PersonRecord.get("CC#79000001").update(actions=[PersonRecord.must_change_password.set(False)])
    from chalicelib.security.passwords import hash_password
    PersonRecord.get("CC#79000001").update(actions=[PersonRecord.password_hash.set(hash_password("Delegado2024x"))])
    admin_id, own_id = uid(client, admin_token, "1000000001"), uid(client, admin_token, "79000001")
    token = session(client, "79000001", "Delegado2024x")
    for method, path, body in [("GET", "/usuarios", None), ("POST", "/usuarios", DELEGATE),
                               ("GET", f"/usuarios/{admin_id}", None), ("PUT", f"/usuarios/{own_id}", EDIT),
                               ("PUT", f"/usuarios/{admin_id}/estado", {"estado": "INACTIVA"}),
                               ("GET", "/cuenta/auditoria", None)]:
        status, answer = call(client, method, path, body, token=token)
        assert (status, answer["code"]) == (403, "ADMIN_ONLY"), path
    assert call(client, "GET", "/cuenta/perfil", token=token)[0] == 200
    assert call(client, "GET", "/sesion", token=token)[1]["opciones_mi_cuenta"] == ["CAMBIAR_CONTRASENA", "MI_PERFIL"]


def test_edit_changes_only_editable_fields(client, admin_token):
    create_delegate(client, admin_token)
    jorge = uid(client, admin_token, "79111222")
    edit = {**EDIT, "cargo": "Coordinador", "ciudad": "Cali", "permisos": ["CARTERA"], "telefono": "6024441122"}
    status, user = call(client, "PUT", f"/usuarios/{jorge}", edit, token=admin_token)
    assert status == 200, user
    assert (user["cargo"], user["ciudad"], user["permisos"], user["telefono"]) == (
        "Coordinador", "Cali", ["CARTERA"], "6024441122")
    for field, value, message in [("correo", "otro@x.co", "El correo electrónico corporativo no es editable"),
                                  ("numero_documento", "1", "El número de documento no es editable"),
                                  ("tipo_documento", "CE", "El tipo de documento no es editable")]:
        status, body = call(client, "PUT", f"/usuarios/{jorge}", {**edit, field: value}, token=admin_token)
        assert status == 422 and {"campo": field, "mensaje": message} in body["errores"]
    stored = MembershipRecord.get("CC#79111222", "NI#900123456")
    assert stored.correo == "jorge.perez@clinica.example.co" and stored.cargo == "Coordinador"
    assert PersonRecord.get("CC#79111222").doc_type == "CC"


def test_removing_a_menu_or_inactivating_blocks_the_very_next_request(client, admin_token):
    create_delegate(client, admin_token)
    jorge = uid(client, admin_token, "79111222")
    from chalicelib.security.passwords import hash_password
    PersonRecord.get("CC#79111222").update(actions=[PersonRecord.password_hash.set(hash_password("Delegado2024x")),
                                                    PersonRecord.must_change_password.set(False)])
    token = session(client, "79111222", "Delegado2024x")
    assert call(client, "GET", "/sesion", token=token)[1]["permisos"] == ["GLOSAS", "PAGOS"]
    call(client, "PUT", f"/usuarios/{jorge}", {**EDIT, "permisos": ["PAGOS"]}, token=admin_token)
    assert call(client, "GET", "/sesion", token=token)[1]["permisos"] == ["PAGOS"]

    status, user = call(client, "PUT", f"/usuarios/{jorge}/estado", {"estado": "INACTIVA"}, token=admin_token)
    assert (status, user["estado"]) == (200, "INACTIVA")
    assert call(client, "GET", "/sesion", token=token)[1]["code"] == "USER_INACTIVE"
    assert call(client, "POST", "/sesion", {"tipo_documento": "CC", "numero_documento": "79111222",
                                            "contrasena": "Delegado2024x"})[0] == 403
    call(client, "PUT", f"/usuarios/{jorge}/estado", {"estado": "ACTIVA"}, token=admin_token)
    assert session(client, "79111222", "Delegado2024x")


def test_admin_cannot_inactivate_self(client, admin_token):
    me = uid(client, admin_token, "1000000001")
    status, body = call(client, "PUT", f"/usuarios/{me}/estado", {"estado": "INACTIVA"}, token=admin_token)
    assert (status, body["code"]) == (409, "OWN_STATE")
    assert call(client, "PUT", f"/usuarios/{me}/estado", {"estado": "BORRADA"}, token=admin_token)[0] == 422


def test_create_validates_the_form(client, admin_token):
    status, body = create_delegate(client, admin_token, correo_confirmacion="x@y.co", permisos=["USUARIOS"])
    assert status == 422
    fields = {e["campo"] for e in body["errores"]}
    assert "permisos.0" in fields


def test_audit_trail_records_each_event(client, admin_token):
    create_delegate(client, admin_token)
    jorge = uid(client, admin_token, "79111222")
    call(client, "PUT", f"/usuarios/{jorge}", {**EDIT, "cargo": "Jefe", "permisos": ["PAGOS"]}, token=admin_token)
    call(client, "PUT", f"/usuarios/{jorge}/estado", {"estado": "INACTIVA"}, token=admin_token)
    call(client, "POST", "/sesion", {"tipo_documento": "CC", "numero_documento": "1000000001", "contrasena": "mala",
                                     "prestador_id": "NI#900123456"})
    status, page = call(client, "GET", "/cuenta/auditoria?limite=100", token=admin_token)
    assert status == 200
    events = [e["evento"] for e in page["eventos"]]
    assert events[:5] == ["INGRESO_FALLIDO", "USUARIO_INACTIVADO", "PERMISOS_MODIFICADOS", "USUARIO_EDITADO",
                          "USUARIO_CREADO"]
    assert "INGRESO_EXITOSO" in events
    permissions = page["eventos"][2]
    assert permissions["detalle"] == {"antes": ["GLOSAS", "PAGOS"], "despues": ["PAGOS"]}
    assert (permissions["actor"], permissions["afectado"]) == ("CC#1000000001", "CC#79111222")
    assert permissions["ip"]
    token_b = session(client, "1000000002")
    events_b = [e["evento"] for e in call(client, "GET", "/cuenta/auditoria", token=token_b)[1]["eventos"]]
    assert "USUARIO_CREADO" not in events_b


def test_inactivation_closes_that_providers_sessions_for_good(client, admin_token):
    """Issue 8, defect 5: a token from before an inactivation stays dead after re-activation."""
    create_delegate(client, admin_token, numero_documento="1000000002")  # admin of B, invited into A
    linked = uid(client, admin_token, "1000000002")
    token_b = session(client, "1000000002")
    call(client, "POST", "/cuenta/invitaciones/aceptar", {"prestador_id": "NI#900123456"}, token=token_b)
    token_in_a = session(client, "1000000002", provider_id="NI#900123456")
    for state in ("INACTIVA", "ACTIVA"):
        assert call(client, "PUT", f"/usuarios/{linked}/estado", {"estado": state}, token=admin_token)[0] == 200
    status, body = call(client, "GET", "/sesion", token=token_in_a)
    assert (status, body["code"]) == (401, "SESSION_INVALID")
    assert call(client, "GET", "/sesion", token=token_b)[0] == 200  # the session for provider B is untouched
    assert call(client, "GET", "/sesion", token=session(client, "1000000002", provider_id="NI#900123456"))[0] == 200


def test_user_ids_in_paths_are_opaque(client, two_providers):
    """Issue 8, defect 4: no document number in a URL (they end up in gateway and CDN access logs)."""
    token_a, token_b = session(client, "1000000001"), session(client, "1000000002")
    status, user = create_delegate(client, token_a)
    user_id = user["usuario_id"]
    assert status == 201 and re.fullmatch(r"[A-Za-z0-9_-]{16}", user_id) and "79111222" not in user_id
    assert call(client, "GET", f"/usuarios/{user_id}", token=token_a)[1]["numero_documento"] == "79111222"
    assert call(client, "GET", "/usuarios/CC-79111222", token=token_a)[0] == 404
    assert call(client, "GET", f"/usuarios/{user_id}", token=token_b)[0] == 404  # another provider's id
    # The same person has a different id in each provider, so ids do not correlate across providers.
    status, invited = create_delegate(client, token_b)
    assert status == 201 and invited["usuario_id"] != user_id


def test_a_delegate_without_menus_is_refused(client, admin_token):
    """Issue 22: a delegate with zero menus could not use anything; creating or leaving one so is a 422."""
    from chalicelib.accounts.user_schemas import NO_MENUS

    status, body = create_delegate(client, admin_token, permisos=[])
    assert status == 422, body
    assert {"campo": "permisos", "mensaje": NO_MENUS} in body["errores"]
    status, user = create_delegate(client, admin_token)
    assert status == 201, user
    status, body = call(client, "PUT", f"/usuarios/{user['usuario_id']}", {**EDIT, "permisos": []}, token=admin_token)
    assert (status, body["errores"]) == (422, [{"campo": "permisos", "mensaje": NO_MENUS}])
