"""«Verificar certificado», public and without login: a code (typed, or the QR's link) or an uploaded PDF (compared
by its SHA-256) answers the document's type, its date of issue and a masked holder — initials and the last three
digits of the document, nothing more. Every attempt counts against the caller's IP, found or not, so the page is
no oracle to enumerate codes with."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from chalicelib.accounts.throttling import Throttle
from chalicelib.certificates.ports import IssuedLookup
from chalicelib.certificates.schemas import VerificationView
from chalicelib.common.clock import BOGOTA
from chalicelib.common.errors import InvalidInput, NotFound, TooManyRequests
from chalicelib.pdf.issuer import CODE_LENGTH, IssuedRecord

UNKNOWN_CODE = "El código no corresponde a ningún documento expedido por la EPS"
FILE_MISMATCH = "El archivo no coincide con ningún documento expedido por la EPS"
NOT_A_PDF = "El archivo debe ser un PDF expedido por la EPS"
TOO_LARGE = "El archivo supera el tamaño máximo de 2 MB"
THROTTLED = "Demasiadas verificaciones desde su conexión. Intente de nuevo en unos minutos"
MAX_FILE_BYTES = 2 * 1024 * 1024
SCOPE = "verify-ip"
LIMIT_PER_WINDOW = 30
WINDOW_SECONDS = 15 * 60
_CODE = re.compile(f"[2-9A-HJ-NP-Z]{{{CODE_LENGTH}}}")


def normalized(code: str) -> str:
    """As printed or as read aloud: case, spaces and hyphens do not matter."""
    return re.sub(r"[\s-]", "", code).upper()


class VerificationService:
    def __init__(self, registry: IssuedLookup, throttle: Throttle, clock: Callable[[], int]):
        self._registry = registry
        self._throttle = throttle
        self._clock = clock

    def by_code(self, code: str, client_ip: str) -> VerificationView:
        self._count(client_ip)
        wanted = normalized(code)
        found = self._registry.by_code(wanted) if _CODE.fullmatch(wanted) else None
        if found is None:
            raise NotFound(UNKNOWN_CODE, code="DOCUMENT_UNKNOWN")
        return view(found)

    def by_file(self, data: bytes, client_ip: str) -> VerificationView:
        self._count(client_ip)
        if len(data) > MAX_FILE_BYTES:
            raise InvalidInput(TOO_LARGE, code="FILE_TOO_LARGE", details=[{"campo": "contenido", "mensaje": TOO_LARGE}])
        if not data.startswith(b"%PDF-"):
            raise InvalidInput(NOT_A_PDF, code="NOT_A_PDF", details=[{"campo": "contenido", "mensaje": NOT_A_PDF}])
        found = self._registry.by_sha256(hashlib.sha256(data).hexdigest())
        if found is None:
            raise NotFound(FILE_MISMATCH, code="FILE_UNKNOWN")
        return view(found)

    def _count(self, client_ip: str) -> None:
        now = self._clock()
        if not self._throttle.within_limit(SCOPE, client_ip, limit=LIMIT_PER_WINDOW, window_seconds=WINDOW_SECONDS,
                                           now=now):
            raise TooManyRequests(THROTTLED, retry_after_seconds=WINDOW_SECONDS - now % WINDOW_SECONDS,
                                  code="VERIFICATION_THROTTLED")


def view(record: IssuedRecord) -> VerificationView:
    return VerificationView(codigo=record.code, tipo=record.title,
                            fecha_expedicion=record.issued_at.astimezone(BOGOTA),
                            titular=f"{record.holder_initials} — documento terminado en {record.holder_document_tail}",
                            iniciales=record.holder_initials, documento_termina_en=record.holder_document_tail)
