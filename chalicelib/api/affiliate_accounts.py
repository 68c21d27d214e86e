"""Routes: affiliates' registration (seed 003 §2), login, renewal, "Olvidé mi contraseña", logout and password
change (§3, §4.1), and the operators' correction of a mistyped email."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib import wiring
from chalicelib.access_log.service import ReadLog
from chalicelib.accounts.permissions import Principal
from chalicelib.accounts.schemas import TermsResponse
from chalicelib.accounts.user_schemas import MessageResponse, PasswordChange, PasswordRecovery
from chalicelib.affiliate_accounts.registration import ANSWERS_RIGHT, REGISTERED
from chalicelib.affiliate_accounts.schemas import (
    AffiliateFound,
    AffiliateLoginRequest,
    AffiliateLookup,
    AffiliateSessionResponse,
    AnswersRequest,
    AnswersResponse,
    ChallengeResponse,
    EmailCorrection,
    FinishRequest,
    IdentityQuestionView,
    RegisteredResponse,
    ValidateRequest,
    ValidateResponse,
)
from chalicelib.affiliate_accounts.sessions import AffiliateSession
from chalicelib.affiliate_accounts.terms import TERMS_CLAUSES, TERMS_TITLE, TERMS_VERSION
from chalicelib.affiliates.types import AffiliatePrincipal
from chalicelib.api.http import Access, client_ip, endpoint, json_response

bp = Blueprint(__name__)
AFFILIATE = Access(affiliate=True)
AFFILIATE_SESSION = Access(affiliate=True, allow_pending_password_change=True)
OPERATOR = Access(operator_only=True)
LOOKUP_READS = ReadLog(count=lambda found: 1)  # the document travels in the body: nothing of it in the log


def session_body(session: AffiliateSession) -> AffiliateSessionResponse:
    return AffiliateSessionResponse(token=session.token, expira_en=session.expires_in,
                                    debe_cambiar_contrasena=session.principal.must_change_password)


@endpoint(bp, "/afiliados/registro/reto", "POST", tag="afiliados-registro", access=None,
          response=ChallengeResponse, errors=(429,),
          summary="«No soy un robot»: un reto de prueba de trabajo que se resuelve antes de validar el documento")
def registration_challenge(request):
    challenge = wiring.affiliate_registration_proof().issue(client_ip(request))
    return ChallengeResponse(reto=challenge.challenge, dificultad=challenge.bits, expira_en=challenge.expires_in)


@endpoint(bp, "/afiliados/registro/validar", "POST", tag="afiliados-registro", access=None,
          request=ValidateRequest, response=ValidateResponse, errors=(403, 404, 409, 422, 429),
          summary="Paso 1 (Valida): con el reto resuelto, nombres y apellidos del afiliado y sus tres preguntas de "
                  "seguridad")
def validate(body: ValidateRequest, request):
    found = wiring.affiliate_registration().validate(body, client_ip(request))
    person = found.affiliate
    return ValidateResponse(
        primer_nombre=person.primer_nombre, segundo_nombre=person.segundo_nombre,
        primer_apellido=person.primer_apellido, segundo_apellido=person.segundo_apellido,
        preguntas=[IdentityQuestionView(clave=q.key, pregunta=q.text, opciones=list(q.options))
                   for q in found.questions],
        ticket=found.ticket)


@endpoint(bp, "/afiliados/registro/respuestas", "POST", tag="afiliados-registro", access=None,
          request=AnswersRequest, response=AnswersResponse, errors=(403, 404, 409, 422, 429),
          summary="Paso 2 (Registra): respuestas a las preguntas de seguridad; al tercer intento errado el documento "
                  "queda bloqueado 24 horas (código DOCUMENT_BLOCKED: volver al ingreso)")
def answer(body: AnswersRequest, request):
    ticket = wiring.affiliate_registration().answer(body, client_ip(request))
    return AnswersResponse(mensaje=ANSWERS_RIGHT, ticket=ticket)


@endpoint(bp, "/afiliados/registro/terminos", "GET", tag="afiliados-registro", access=None, response=TermsResponse,
          summary="Términos y condiciones de uso vigentes (su versión se envía al finalizar el registro)")
def terms():
    return TermsResponse(version=TERMS_VERSION, titulo=TERMS_TITLE, clausulas=list(TERMS_CLAUSES))


@endpoint(bp, "/afiliados/registro/finalizar", "POST", tag="afiliados-registro", access=None,
          request=FinishRequest, response=RegisteredResponse, status=201, errors=(403, 404, 409, 422, 429),
          summary="Paso 3 (Ingresa): correo, celular y términos aceptados; crea el usuario y envía la contraseña al "
                  "correo («Registro usuario»)")
def finish(body: FinishRequest, request):
    registered = wiring.affiliate_registration().finish(body, client_ip(request))
    return RegisteredResponse(mensaje=REGISTERED, usuario=registered.username)


@endpoint(bp, "/afiliados/sesion", "POST", tag="afiliados-sesion", access=None, request=AffiliateLoginRequest,
          response=AffiliateSessionResponse, errors=(401, 422, 429),
          summary="Ingreso del afiliado con tipo y número de documento y contraseña")
def login(body: AffiliateLoginRequest, request):
    return session_body(wiring.affiliate_sessions().login(body, client_ip(request)))


@endpoint(bp, "/afiliados/sesion", "GET", tag="afiliados-sesion", access=AFFILIATE_SESSION, status=204,
          errors=(401, 403), summary="Si la sesión del afiliado sigue abierta (las demás pestañas lo preguntan tras un "
                                     "cierre de sesión o un cambio de contraseña); no lee datos personales")
def session_stands(principal: AffiliatePrincipal):
    return None


@endpoint(bp, "/afiliados/sesion/renovar", "POST", tag="afiliados-sesion", access=AFFILIATE_SESSION,
          response=AffiliateSessionResponse, errors=(401, 403),
          summary="Renueva la sesión de un afiliado activo: un token nuevo de corta duración; el anterior deja de "
                  "servir")
def renew_session(principal: AffiliatePrincipal):
    return session_body(wiring.affiliate_sessions().renew(principal))


@endpoint(bp, "/afiliados/sesion/cerrar", "POST", tag="afiliados-sesion", access=AFFILIATE_SESSION, status=204,
          errors=(401, 403), summary="Cierra la sesión del afiliado (el token deja de servir)")
def logout(principal: AffiliatePrincipal, request):
    wiring.affiliate_sessions().logout(principal, client_ip(request))


@endpoint(bp, "/afiliados/contrasena/recuperar", "POST", tag="afiliados-sesion", access=None,
          request=PasswordRecovery, response=MessageResponse, status=202, errors=(422, 429),
          summary="Olvidé mi contraseña: envía una nueva al correo registrado (misma respuesta exista o no)")
def recover(body: PasswordRecovery, request):
    return json_response({"mensaje": wiring.affiliate_account().recover(body, client_ip(request))}, 202)


@endpoint(bp, "/afiliados/cuenta/contrasena", "PUT", tag="afiliados-cuenta", access=AFFILIATE_SESSION,
          request=PasswordChange, response=AffiliateSessionResponse, errors=(401, 403, 422, 429),
          summary="Cambia la contraseña (sirve desde el próximo ingreso; cierra las demás sesiones y devuelve una "
                  "sesión nueva; el aviso por correo no lleva la contraseña)")
def change_password(principal: AffiliatePrincipal, body: PasswordChange, request):
    wiring.affiliate_account().change_password(principal, body, client_ip(request))
    return session_body(wiring.affiliate_sessions().reopen(principal.identity))


@endpoint(bp, "/operaciones/afiliados/buscar", "POST", tag="operaciones", access=OPERATOR, request=AffiliateLookup,
          response=AffiliateFound, reads=LOOKUP_READS, errors=(401, 403, 404, 422),
          summary="Busca por documento al afiliado registrado cuyo correo se va a corregir (su ref, nombre y correo "
                  "enmascarado; queda en la auditoría)")
def find_affiliate(principal: Principal, body: AffiliateLookup, request):
    return wiring.affiliate_account().find_for_correction(principal, body, client_ip(request))


@endpoint(bp, "/operaciones/afiliados/{ref}/correo", "PUT", tag="operaciones", access=OPERATOR,
          request=EmailCorrection, response=MessageResponse, errors=(401, 403, 404, 422),
          summary="Corrige el correo que un afiliado escribió mal al registrarse (queda en la auditoría)")
def correct_email(ref: str, principal: Principal, body: EmailCorrection, request):
    wiring.affiliate_account().correct_email(principal, ref, str(body.correo), client_ip(request))
    return MessageResponse(mensaje="Correo del afiliado actualizado; le enviamos un aviso a la nueva dirección")
