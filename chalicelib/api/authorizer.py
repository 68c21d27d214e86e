"""The Chalice authorizer: verifies the session token and hands the route who is calling.

A refused token is passed on as `refused=<code>` rather than denied at the gateway, so that the route
answers 401 with the portal's Spanish JSON error (a gateway denial is a bare 403 in English).
"""

from __future__ import annotations

from chalice import AuthResponse, Blueprint

from chalicelib import wiring
from chalicelib.common.errors import NotAuthenticated
from chalicelib.common.observability import logger

bp = Blueprint(__name__)


@bp.authorizer(ttl_seconds=0)
def session_authorizer(auth_request):
    scheme, _, credentials = (auth_request.token or "").strip().partition(" ")
    token = credentials.strip() if scheme.lower() == "bearer" else ""
    try:
        principal = wiring.sessions().authenticate(token)
    except NotAuthenticated as error:
        logger.info("session refused", extra={"code": error.code})
        return AuthResponse(routes=["*"], principal_id="anonymous",
                            context={"refused": error.code, "message": error.message})
    return AuthResponse(routes=["*"], principal_id=principal.person_id, context=principal.to_context())
