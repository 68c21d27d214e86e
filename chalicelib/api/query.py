"""Query-string parameters shared by listing routes."""

from __future__ import annotations

import re

from chalicelib.common.errors import InvalidInput

DEFAULT_PAGE = 20
MAX_PAGE = 100


def page_params(request, default: int = DEFAULT_PAGE) -> tuple[int, str | None]:
    params = request.query_params or {}
    raw = params.get("limite", str(default))
    if not re.fullmatch(r"[0-9]{1,3}", raw) or not 1 <= int(raw) <= MAX_PAGE:
        raise InvalidInput("La solicitud tiene datos inválidos", details=[
            {"campo": "limite", "mensaje": f"Debe ser un número entre 1 y {MAX_PAGE}"}])
    return int(raw), params.get("cursor") or None
