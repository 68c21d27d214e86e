"""The Chalice authorizer: verifies the session token and hands the route who is calling — a provider's (or
operator's) session, or an affiliate's (token audience "afiliados"); `http.endpoint` lets each route accept only
its own kind.

A refused token is passed on as `refused=<code>` rather than denied at the gateway, so that the route
answers 401 with the portal's Spanish JSON error (a gateway denial is a bare 403 in English).
"""

from __future__ import annotations

from chalice import AuthResponse, Blueprint

from chalicelib import wiring
from chalicelib.affiliate_accounts import principal as affiliate_session
from chalicelib.common.errors import NotAuthenticated
from chalicelib.common.observability import logger
from chalicelib.security.tokens import unverified_audience

bp = Blueprint(__name__)


@bp.authorizer(ttl_seconds=0)
def session_authorizer(auth_request):
    scheme, _, credentials = (auth_request.token or "").strip().partition(" ")
    token = credentials.strip() if scheme.lower() == "bearer" else ""
    try:
        # The claimed audience only picks the service; that service verifies key, audience and everything else.
        if unverified_audience(token) == affiliate_session.AUDIENCE:
            affiliate = wiring.affiliate_sessions().authenticate(token)
            return AuthResponse(routes=["*"], principal_id=affiliate.session_id,
                                context=affiliate_session.to_context(affiliate))
        principal = wiring.sessions().authenticate(token)
    except NotAuthenticated as error:
        logger.info("session refused", extra={"code": error.code})
        return AuthResponse(routes=["*"], principal_id="anonymous",
                            context={"refused": error.code, "message": error.message})
    return AuthResponse(routes=["*"], principal_id=principal.person_id, context=principal.to_context())
