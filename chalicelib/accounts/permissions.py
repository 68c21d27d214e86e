"""Roles, menus and the one rule that decides whether a caller may use a route."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from chalicelib.common.errors import PermissionDenied


class Role(StrEnum):
    ADMINISTRADOR = "ADMINISTRADOR"
    DELEGADO = "DELEGADO"
    OPERADOR = "OPERADOR"  # EPS back-office staff; their "provider" is OPERATIONS_TENANT


class MembershipState(StrEnum):
    ACTIVA = "ACTIVA"
    INACTIVA = "INACTIVA"
    PENDIENTE = "PENDIENTE"  # invitation a person with an account has not answered yet
    RECHAZADA = "RECHAZADA"  # invitation declined


OPERATIONS_TENANT = "EPS#OPERACIONES"
OPERATIONS_NAME = "EPS — Operaciones"


class Menu(StrEnum):
    PAGOS = "PAGOS"
    CARTERA = "CARTERA"
    INDICADORES = "INDICADORES"
    GLOSAS = "GLOSAS"


MENU_LABELS = {
    Menu.PAGOS: "Consulta Pagos",
    Menu.CARTERA: "Consulta Cartera",
    Menu.INDICADORES: "Consulta Indicadores",
    Menu.GLOSAS: "Gestión de Glosas",
}

PROFILE_NAMES = {
    Role.ADMINISTRADOR: "Perfil Prestador oficina virtual",
    Role.DELEGADO: "Perfil Consultor Prestador oficina virtual",
    Role.OPERADOR: "Perfil Operador EPS",
}


@dataclass(frozen=True, slots=True)
class Principal:
    """The verified caller of a provider route, as the authorizer hands it over."""

    person_id: str
    provider_id: str
    role: Role
    menus: frozenset[Menu]
    session_id: str
    must_change_password: bool
    authenticated_at: int = 0  # epoch seconds of the login that started this chain of renewed tokens

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMINISTRADOR

    @property
    def is_operator(self) -> bool:
        return self.role is Role.OPERADOR

    def to_context(self) -> dict[str, str]:
        """The authorizer context API Gateway hands to the route (string values only)."""
        return {
            "person_id": self.person_id,
            "provider_id": self.provider_id,
            "role": self.role.value,
            "menus": ",".join(sorted(m.value for m in self.menus)),
            "session_id": self.session_id,
            "must_change_password": str(self.must_change_password).lower(),
            "authenticated_at": str(self.authenticated_at),
        }

    @classmethod
    def from_context(cls, context: dict) -> Principal:
        return cls(
            person_id=context["person_id"],
            provider_id=context["provider_id"],
            role=Role(context["role"]),
            menus=frozenset(Menu(m) for m in str(context.get("menus", "")).split(",") if m),
            session_id=context["session_id"],
            must_change_password=str(context.get("must_change_password")).lower() == "true",
            authenticated_at=int(context.get("authenticated_at") or 0),
        )

    def effective_menus(self) -> frozenset[Menu]:
        if self.is_operator:
            return frozenset()
        return frozenset(Menu) if self.is_admin else self.menus


def account_options(principal: Principal) -> list[str]:
    """What "Mi cuenta" shows: delegates only change their password and see their profile (seed §4.1.1)."""
    options = ["CAMBIAR_CONTRASENA", "MI_PERFIL"]
    if principal.is_admin:
        return ["USUARIOS", *options, "AUDITORIA"]
    if principal.is_operator:
        return [*options, "OPERACIONES"]
    return options


def check_access(principal: Principal, *, menu: Menu | None = None, admin_only: bool = False,
                 operator_only: bool = False, allow_pending_password_change: bool = False) -> None:
    if principal.must_change_password and not allow_pending_password_change:
        raise PermissionDenied(
            "Debe cambiar la contraseña asignada antes de usar la Oficina Virtual",
            code="PASSWORD_CHANGE_REQUIRED",
        )
    if operator_only and not principal.is_operator:
        raise PermissionDenied("Esta opción es exclusiva de los operadores de la EPS", code="OPERATOR_ONLY")
    if admin_only and not principal.is_admin:
        raise PermissionDenied("Esta opción es exclusiva del usuario administrador del prestador",
                               code="ADMIN_ONLY")
    if menu is not None and menu not in principal.effective_menus():
        raise PermissionDenied(f"No tiene permiso para la opción «{MENU_LABELS[menu]}»",
                               code="MENU_NOT_GRANTED")
