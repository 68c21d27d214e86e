"""Routes: "Mi cuenta › Usuarios" of the provider's administrator (seed 002 §4.1)."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib import wiring
from chalicelib.accounts.permissions import Principal
from chalicelib.accounts.user_schemas import DelegateEdit, DelegateForm, StateChange, UserPage, UserView
from chalicelib.api.http import Access, client_ip, endpoint
from chalicelib.api.query import PAGING, page_params

bp = Blueprint(__name__)
ADMIN = Access(admin_only=True)


@endpoint(bp, "/usuarios", summary="Usuarios del prestador (paginado)", tag="usuarios", access=ADMIN,
          response=UserPage, query=PAGING, errors=(422,))
def list_users(principal: Principal, request):
    limit, cursor = page_params(request)
    return wiring.users().list(principal, limit=limit, cursor=cursor)


@endpoint(bp, "/usuarios", "POST", summary="Crea un usuario delegado con los menús otorgados", tag="usuarios",
          access=ADMIN, request=DelegateForm, response=UserView, status=201, errors=(409,))
def create_user(principal: Principal, body: DelegateForm, request):
    return wiring.users().create(principal, body, client_ip(request))


@endpoint(bp, "/usuarios/{user_id}", summary="Un usuario del prestador", tag="usuarios", access=ADMIN,
          response=UserView, errors=(404,))
def get_user(principal: Principal, user_id: str):
    return wiring.users().get(principal, user_id)


@endpoint(bp, "/usuarios/{user_id}", "PUT",
          summary="Edita nombres, cargo, área, ubicación, teléfonos y menús (documento y correo no son editables)",
          tag="usuarios", access=ADMIN, request=DelegateEdit, response=UserView, errors=(404,))
def edit_user(principal: Principal, user_id: str, body: DelegateEdit, request):
    return wiring.users().edit(principal, user_id, body, client_ip(request))


@endpoint(bp, "/usuarios/{user_id}/estado", "PUT", summary="Activa o inactiva un usuario", tag="usuarios",
          access=ADMIN, request=StateChange, response=UserView, errors=(404, 409))
def set_user_state(principal: Principal, user_id: str, body: StateChange, request):
    return wiring.users().set_state(principal, user_id, body.estado, client_ip(request))
