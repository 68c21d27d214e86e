"""Routes: "Mi cuenta" for every user — password change and recovery, profile, audit trail."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib import wiring
from chalicelib.accounts.consent import POLICY_SUMMARY, POLICY_TITLE, POLICY_VERSION
from chalicelib.accounts.permissions import Principal
from chalicelib.accounts.schemas import SessionResponse, SwitchProviderRequest
from chalicelib.accounts.user_schemas import (
    AuditPageView,
    ConsentPolicy,
    ConsentRequest,
    ConsentView,
    InvitationList,
    MessageResponse,
    PasswordChange,
    PasswordRecovery,
    ProfileResponse,
)
from chalicelib.api.accounts import SESSION, session_body
from chalicelib.api.http import Access, client_ip, endpoint, json_response
from chalicelib.api.query import PAGING, page_params

bp = Blueprint(__name__)


@endpoint(bp, "/cuenta/contrasena", "PUT", tag="cuenta", access=SESSION, request=PasswordChange,
          summary="Cambia la contraseña (cierra las demás sesiones y devuelve una sesión nueva)",
          response=SessionResponse, errors=(429,))
def change_password(principal: Principal, body: PasswordChange, request):
    wiring.my_account().change_password(principal, body, client_ip(request))
    return session_body(wiring.sessions().reopen(principal))


@endpoint(bp, "/cuenta/recuperar-contrasena", "POST", tag="cuenta", access=None, request=PasswordRecovery,
          summary="Olvidé mi contraseña: envía una nueva al correo registrado (misma respuesta exista o no)",
          response=MessageResponse, status=202, errors=(429,))
def recover_password(body: PasswordRecovery, request):
    message = wiring.my_account().recover(body, client_ip(request))
    return json_response({"mensaje": message}, 202)


@endpoint(bp, "/cuenta/perfil", summary="Mi perfil: datos personales y del prestador", tag="cuenta",
          access=SESSION, response=ProfileResponse)
def profile(principal: Principal):
    return wiring.my_account().profile(principal)


@endpoint(bp, "/cuenta/autorizacion-datos", "GET", tag="cuenta", access=SESSION, response=ConsentPolicy,
          summary="La política de tratamiento de datos personales vigente (su versión se envía al autorizar)")
def consent_policy():
    return ConsentPolicy(politica=POLICY_TITLE, version=POLICY_VERSION, texto=POLICY_SUMMARY)


@endpoint(bp, "/cuenta/autorizacion-datos", "POST", tag="cuenta", access=SESSION, request=ConsentRequest,
          summary="Autoriza el tratamiento de datos personales (Ley 1581 de 2012) en la versión vigente de la política",
          response=ConsentView, errors=(422,))
def give_consent(principal: Principal, body: ConsentRequest, request):
    return wiring.my_account().give_consent(principal, body, client_ip(request))


@endpoint(bp, "/cuenta/invitaciones", summary="Invitaciones de otros prestadores que esperan su respuesta",
          tag="cuenta", access=Access(), response=InvitationList)
def invitations(principal: Principal):
    return InvitationList(invitaciones=wiring.invitations().pending(principal))


@endpoint(bp, "/cuenta/invitaciones/aceptar", "POST", tag="cuenta", access=Access(), request=SwitchProviderRequest,
          summary="Acepta la invitación de un prestador (queda vinculado con los menús que le otorgó)",
          response=MessageResponse, errors=(404,))
def accept_invitation(principal: Principal, body: SwitchProviderRequest, request):
    wiring.invitations().accept(principal, body.prestador_id, client_ip(request))
    return MessageResponse(mensaje="Invitación aceptada. Puede elegir este prestador al ingresar")


@endpoint(bp, "/cuenta/invitaciones/rechazar", "POST", tag="cuenta", access=Access(), request=SwitchProviderRequest,
          summary="Rechaza la invitación de un prestador", response=MessageResponse, errors=(404,))
def decline_invitation(principal: Principal, body: SwitchProviderRequest, request):
    wiring.invitations().decline(principal, body.prestador_id, client_ip(request))
    return MessageResponse(mensaje="Invitación rechazada")


@endpoint(bp, "/cuenta/auditoria", summary="Eventos de cuentas del prestador, del más reciente al más antiguo",
          tag="cuenta", access=Access(admin_only=True), response=AuditPageView, query=PAGING,
          errors=(422,))
def audit_events(principal: Principal, request):
    limit, cursor = page_params(request)
    return wiring.my_account().audit_events(principal, limit=limit, cursor=cursor)
