"""Routes: provider registration (seed 002 §2) and sessions (§3)."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib import wiring
from chalicelib.accounts.devices import cookie_value, set_cookie_header
from chalicelib.accounts.permissions import Principal
from chalicelib.accounts.registration import provider_summary
from chalicelib.accounts.schemas import (
    ApplicationResponse,
    CodeRequest,
    ConfirmationRequest,
    DocumentRef,
    LoginRequest,
    MeResponse,
    PendingApplicationsResponse,
    RegistrationRequest,
    RegistrationResponse,
    SessionResponse,
    SwitchProviderRequest,
    TermsResponse,
    ValidateProviderResponse,
)
from chalicelib.accounts.sessions import Session
from chalicelib.accounts.terms import TERMS_CLAUSES, TERMS_TITLE, TERMS_VERSION
from chalicelib.accounts.user_schemas import MessageResponse, PasswordRecovery, UnlockConfirmation
from chalicelib.api.http import Access, client_ip, endpoint, json_response

bp = Blueprint(__name__)
SESSION = Access(allow_pending_password_change=True)


def session_body(session: Session) -> SessionResponse:
    return SessionResponse(
        token=session.token, expira_en=session.expires_in, prestador_actual=session.current_provider,
        rol=session.principal.role.value, permisos=sorted(m.value for m in session.principal.effective_menus()),
        prestadores=session.providers, debe_cambiar_contrasena=session.principal.must_change_password,
        debe_autorizar_datos=session.consent_required,
    )


@endpoint(bp, "/registro/validar", "POST", tag="registro",
          summary="Paso 1 (Valida): verifica que el prestador exista y no esté registrado",
          access=None, request=DocumentRef, response=ValidateProviderResponse, errors=(404, 409, 422, 429))
def validate_registration(body: DocumentRef, request):
    provider = wiring.registration().validate(body, client_ip(request))
    return ValidateProviderResponse(prestador=provider_summary(provider))


@endpoint(bp, "/registro/terminos", "GET", tag="registro", access=None, response=TermsResponse,
          summary="Contrato de Términos y condiciones vigente (su versión se envía con la solicitud)")
def registration_terms():
    return TermsResponse(version=TERMS_VERSION, titulo=TERMS_TITLE, clausulas=list(TERMS_CLAUSES))


@endpoint(bp, "/registro", "POST", tag="registro",
          summary="Paso 2 (Registra): envía la solicitud al correo de notificaciones del prestador en la EPS",
          access=None, request=RegistrationRequest, response=ApplicationResponse, status=202,
          errors=(404, 409, 422, 429))
def register(body: RegistrationRequest, request):
    outcome = wiring.registration().apply(body, client_ip(request))
    where = f"al correo de notificaciones que el prestador tiene registrado en la EPS ({outcome.masked_address})"
    message = (f"Enviamos la solicitud {where}. Cuando el prestador la confirme, el administrador recibirá su "
               "usuario y contraseña" if outcome.emailed else
               f"Su solicitud quedó registrada. Hoy ya se enviaron varias solicitudes {where}: quien lo lea puede "
               "confirmar la suya desde el enlace de cualquiera de esos correos")
    return ApplicationResponse(mensaje=message, prestador=outcome.provider,
                               correo_notificaciones=outcome.masked_address)


@endpoint(bp, "/registro/solicitudes", "POST", tag="registro",
          summary="Solicitudes pendientes del prestador que puede confirmar quien tiene un código enviado a su "
                  "correo de notificaciones (la del código primero)",
          access=None, request=CodeRequest, response=PendingApplicationsResponse, errors=(404, 422, 429))
def pending_applications(body: CodeRequest, request):
    return PendingApplicationsResponse(items=wiring.registration().pending(body.codigo, client_ip(request)))


@endpoint(bp, "/registro/confirmar", "POST", tag="registro",
          summary="Paso 3 (Finaliza): el prestador confirma con el código que recibió; se crea el administrador",
          access=None, request=ConfirmationRequest, response=RegistrationResponse, status=201,
          errors=(404, 422, 429))
def confirm_registration(body: ConfirmationRequest, request):
    outcome = wiring.registration().confirm(body.codigo, client_ip(request), body.solicitud)
    return RegistrationResponse(
        mensaje="Registro confirmado. El administrador recibirá en su correo las instrucciones para ingresar",
        prestador=outcome.provider, usuario=outcome.username,
    )


@endpoint(bp, "/sesion", "POST", summary="Ingreso con tipo y número de documento y contraseña", tag="sesion",
          access=None, request=LoginRequest, response=SessionResponse, errors=(401, 403, 422, 429))
def login(body: LoginRequest, request):
    # The device cookie (HttpOnly) gives a browser that got in before its own allowance (docs/security.md).
    session = wiring.sessions().login(body, client_ip(request), cookie_value(request.headers))
    return json_response(session_body(session).model_dump(mode="json"),
                         headers={"Set-Cookie": set_cookie_header(session.device_cookie)})


@endpoint(bp, "/sesion/desbloqueo", "POST", tag="sesion", access=None, request=PasswordRecovery,
          summary="Envía al correo registrado un enlace que desbloquea el ingreso desde este navegador "
                  "(misma respuesta exista o no)", response=MessageResponse, status=202, errors=(422, 429))
def request_unlock(body: PasswordRecovery, request):
    return json_response({"mensaje": wiring.unlock().request(body, client_ip(request))}, 202)


@endpoint(bp, "/sesion/desbloqueo/confirmar", "POST", tag="sesion", access=None, request=UnlockConfirmation,
          summary="Abre el enlace de desbloqueo: este navegador queda reconocido (cookie de dispositivo)",
          response=MessageResponse, errors=(404, 422, 429))
def confirm_unlock(body: UnlockConfirmation, request):
    cookie = wiring.unlock().confirm(body.codigo, client_ip(request), cookie_value(request.headers))
    return json_response({"mensaje": "Este navegador quedó reconocido. Ya puede ingresar con su contraseña"},
                         headers={"Set-Cookie": set_cookie_header(cookie)})


@endpoint(bp, "/sesion/prestador", "PUT", summary="Cambia el prestador de la sesión (usuarios de varios prestadores)",
          tag="sesion", access=SESSION, request=SwitchProviderRequest, response=SessionResponse, errors=(401, 403, 422))
def switch_provider(body: SwitchProviderRequest, principal: Principal):
    return session_body(wiring.sessions().switch(principal, body.prestador_id))


@endpoint(bp, "/sesion/renovar", "POST", tag="sesion", access=SESSION, response=SessionResponse, errors=(401,),
          summary="Renueva la sesión de un usuario activo: un token nuevo de corta duración; el anterior deja de "
                  "servir")
def renew_session(principal: Principal):
    return session_body(wiring.sessions().renew(principal))


@endpoint(bp, "/sesion", "DELETE", summary="Cierra la sesión (el token deja de servir)", tag="sesion",
          access=SESSION, status=204, errors=(401,))
def logout(principal: Principal, request):
    wiring.sessions().logout(principal, client_ip=client_ip(request))


@endpoint(bp, "/sesion", "GET", summary="Usuario, prestador, rol y permisos de la sesión", tag="sesion",
          access=SESSION, response=MeResponse, errors=(401,))
def current_session(principal: Principal):
    return wiring.sessions().me(principal)
