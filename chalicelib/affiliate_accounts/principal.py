"""An affiliate's session as the authorizer hands it to routes (API Gateway contexts carry strings only)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from chalicelib.affiliates.types import AffiliatePrincipal
from chalicelib.common.errors import PermissionDenied

# Marks an affiliate's context: provider routes refuse it, affiliate routes ask for it.
KIND = "afiliado"
AUDIENCE = "afiliados"  # the token audience of affiliates' sessions (the providers' is the settings' one)
AFFILIATES_TENANT = "EPS#AFILIADOS"  # where the access log keeps affiliates' reads (no provider of theirs)
PROVIDER_SESSION_REFUSED = ("Esta opción es de la Oficina Virtual Afiliados: ingrese con su tipo y número de "
                            "documento de afiliado")
AFFILIATE_SESSION_REFUSED = "Esta opción es de la Oficina Virtual Prestadores: su sesión de afiliado no sirve aquí"


def to_context(principal: AffiliatePrincipal) -> dict[str, str]:
    return {"kind": KIND, "identity": principal.identity, "session_id": principal.session_id,
            "must_change_password": str(principal.must_change_password).lower(),
            "authenticated_at": str(principal.authenticated_at)}


def is_affiliate_context(context: dict) -> bool:
    return context.get("kind") == KIND


def from_context(context: dict) -> AffiliatePrincipal:
    return AffiliatePrincipal(identity=context["identity"], session_id=context["session_id"],
                              must_change_password=str(context.get("must_change_password")).lower() == "true",
                              authenticated_at=int(context.get("authenticated_at") or 0))


def check_affiliate_access(principal: AffiliatePrincipal, *, allow_pending_password_change: bool = False) -> None:
    if principal.must_change_password and not allow_pending_password_change:
        raise PermissionDenied("Debe cambiar la contraseña asignada antes de usar la Oficina Virtual",
                               code="PASSWORD_CHANGE_REQUIRED")


class _ReaderRole(StrEnum):
    AFILIADO = "AFILIADO"


@dataclass(frozen=True, slots=True)
class AffiliateReader:
    """An affiliate as the access log records a reader (it has the shape of a provider's Principal there)."""

    person_id: str
    provider_id: str = AFFILIATES_TENANT
    role: _ReaderRole = _ReaderRole.AFILIADO


def reader_of(principal: AffiliatePrincipal) -> AffiliateReader:
    return AffiliateReader(person_id=principal.identity)
