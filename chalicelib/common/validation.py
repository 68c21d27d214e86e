"""Request bodies validated with pydantic; every error explained in Spanish, field by field."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, EmailStr, Field, StringConstraints, ValidationError

from chalicelib.common.errors import InvalidInput, MalformedRequest

ModelT = TypeVar("ModelT", bound=BaseModel)

# The short top-level message of every field-by-field refusal; the detail is in `errores`.
FIELDS_INVALID = "Revise los campos marcados"


class FieldValueError(ValueError):
    """Raised by a validator of the whole object to put its message on the field the client must correct
    (pydantic would place it on the object itself, a place no form shows)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class RequestModel(BaseModel):
    """Base of every request body: unknown fields are refused, text is trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def text(max_length: int, min_length: int = 1, pattern: str | None = None):
    return Annotated[str, StringConstraints(min_length=min_length, max_length=max_length, pattern=pattern)]


def secret(max_length: int):
    """A password as typed: never trimmed (spaces are characters of the password)."""
    return Annotated[str, StringConstraints(min_length=1, max_length=max_length, strip_whitespace=False)]


def _bare_address(value: Any) -> Any:
    """EmailStr also takes `Name <x@y>` (and keeps only the address): a form field is the address alone."""
    if isinstance(value, str) and ("<" in value or ">" in value):
        raise ValueError("Correo electrónico inválido")
    return value


Email = Annotated[EmailStr, BeforeValidator(_bare_address), Field(max_length=120)]


# Letters (any script), marks, spaces, and the punctuation of names and job titles; no control characters.
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"


_MESSAGES = {
    "missing": "Campo obligatorio",
    "string_type": "Debe ser un texto",
    "int_type": "Debe ser un número entero",
    "int_parsing": "Debe ser un número entero",
    "bool_type": "Debe ser verdadero o falso",
    "bool_parsing": "Debe ser verdadero o falso",
    "list_type": "Debe ser una lista",
    "model_type": "Debe ser un objeto",
    "dict_type": "Debe ser un objeto",
    "extra_forbidden": "Campo no permitido",
    "string_pattern_mismatch": "Formato inválido",
    "date_from_datetime_parsing": "Fecha inválida, use AAAA-MM-DD",
    "date_parsing": "Fecha inválida, use AAAA-MM-DD",
    "date_type": "Fecha inválida, use AAAA-MM-DD",
}


def _message(error: dict[str, Any]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "string_too_short":
        if ctx.get("min_length") == 1:
            return "Campo obligatorio"
        return f"Debe tener al menos {ctx['min_length']} caracteres"
    if kind == "string_too_long":
        return f"Debe tener máximo {ctx['max_length']} caracteres"
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return f"Valor no permitido. Valores válidos: {expected}"
    if kind == "value_error":
        if "valid email address" in error["msg"]:
            return "Correo electrónico inválido"
        return str(ctx.get("error", error["msg"]))
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return "Valor fuera del rango permitido"
    return _MESSAGES.get(kind, "Valor inválido")


def _field(error: dict[str, Any]) -> str:
    """The field as the client sends it: body names, dotted for nested objects and list positions. Empty only
    for a rule over the whole body that names no field (every such rule here uses FieldValueError)."""
    cause = (error.get("ctx") or {}).get("error")
    loc = tuple(error["loc"])
    if isinstance(cause, FieldValueError):
        loc = (*loc, cause.field)
    return ".".join(str(part) for part in loc)


def field_errors(exc: ValidationError) -> list[dict[str, str]]:
    return [{"campo": _field(error), "mensaje": _message(error)} for error in exc.errors(include_url=False)]


def parse_body(model: type[ModelT], body: Any) -> ModelT:
    if body is None:
        raise MalformedRequest("El cuerpo de la solicitud debe ser un objeto JSON")
    if not isinstance(body, dict):
        raise MalformedRequest("El cuerpo de la solicitud debe ser un objeto JSON")
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        raise InvalidInput(FIELDS_INVALID, details=field_errors(exc)) from exc
