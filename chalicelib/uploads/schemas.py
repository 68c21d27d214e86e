"""Bodies shared by every provider upload: the file's name in the request, the presigned form in the answer."""

from __future__ import annotations

import re
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from chalicelib.uploads.presigned import UploadForm

_NAME = re.compile(r"^[^\x00-\x1f\x7f/\\]{1,120}$")


class UploadRequestBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # The check is the validator below (it trims first); the schema says the same to generated clients.
    archivo: str = Field(description="Nombre del archivo que el usuario eligió (.xlsx)", json_schema_extra={
        "minLength": 5, "maxLength": 120, "pattern": r"^[^\x00-\x1f\x7f/\\]*\.[xX][lL][sS][xX]$"})

    @field_validator("archivo")
    @classmethod
    def _xlsx_name(cls, value: str) -> str:
        value = value.strip()
        if not _NAME.match(value) or not value.lower().endswith(".xlsx"):
            raise ValueError("Debe ser el nombre de un archivo .xlsx (máximo 120 caracteres, sin / ni \\)")
        return value


class UploadFormView(BaseModel):
    url: str
    campos: dict[str, str]
    vence_en_segundos: int
    tamano_maximo_bytes: int


def form_view(form: UploadForm) -> UploadFormView:
    return UploadFormView(url=form.url, campos=form.fields, vence_en_segundos=form.expires_seconds,
                          tamano_maximo_bytes=form.max_bytes)


class OneUploadRead:
    """A view of one upload request: one record in the access log (chalicelib/api/http.py)."""

    @property
    def records_read(self) -> int:
        return 1


class UploadPageRead:
    """A page of upload requests: as many records in the access log as requests listed (`listed` names them)."""

    listed: ClassVar[str]

    @property
    def records_read(self) -> int:
        return len(getattr(self, self.listed))
