"""The operators' export of pending novedades (CSV or XLSX): one row per person and edit, the fields it carries,
for the EPS to apply in its own system. Read page by page and written row by row; a CSV text cell that a
spreadsheet would run as a formula is neutralised (an XLSX string cell never runs)."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from itertools import islice
from typing import BinaryIO

from chalicelib.accounts.permissions import Principal
from chalicelib.affiliates.novedades import CONTACT_FIELDS
from chalicelib.affiliates.operator_queues import Audit
from chalicelib.affiliates.ports import AffiliateDirectory, Novedades
from chalicelib.affiliates.types import PendingNovedad
from chalicelib.audit.trail import AuditEvent
from chalicelib.common.clock import BOGOTA
from chalicelib.common.errors import InvalidInput
from chalicelib.common.files import XLSX_CONTENT_TYPE, DownloadLink, Downloads, FileDownload, deliver
from chalicelib.common.spreadsheet import BOM, EXCEL_ES, neutralise
from chalicelib.common.validation import FIELDS_INVALID
from chalicelib.common.xlsx_tables import TableColumn, write_table

FORMATS = ("csv", "xlsx")
HEADER = ("NOVEDAD", "FECHA", "CANAL", "TIPO DOCUMENTO", "NÚMERO DOCUMENTO", "NOMBRE",
          *(name.upper() for name in CONTACT_FIELDS))
SHEET_NAME = "Novedades pendientes"
_BATCH = 100  # one BatchGetItem round of the directory


class NovedadesExport:
    def __init__(self, directory: AffiliateDirectory, novedades: Novedades, downloads: Downloads, audit: Audit,
                 now: Callable[[], datetime], new_id: Callable[[], str] = lambda: uuid.uuid4().hex):
        self._directory = directory
        self._novedades = novedades
        self._downloads = downloads
        self._audit = audit
        self._now = now
        self._new_id = new_id

    def export(self, principal: Principal, file_format: str, source_ip: str) -> FileDownload | DownloadLink:
        if file_format not in FORMATS:
            raise InvalidInput(FIELDS_INVALID, details=[{"campo": "formato", "mensaje": "Valor no permitido. "
                                                         f"Valores válidos: {', '.join(FORMATS)}"}])
        day = self._now().astimezone(BOGOTA)
        name = f"novedades-afiliados-{day:%Y%m%d-%H%M}.{file_format}"
        write = _write_csv if file_format == "csv" else _write_xlsx
        content_type = "text/csv" if file_format == "csv" else XLSX_CONTENT_TYPE
        answer = deliver(lambda out: write(out, self._rows()), name, content_type, downloads=self._downloads,
                         key=lambda: f"novedades/{self._new_id()}/{name}")
        self._audit.record(AuditEvent.AFFILIATE_NOVEDADES_EXPORTED, provider_id=principal.provider_id,
                           actor_id=principal.person_id, source_ip=source_ip,
                           details={"formato": file_format, "registros": answer.records_read})
        return answer

    def _rows(self) -> Iterator[list[str]]:
        pending = iter(self._novedades.every_pending())
        while chunk := list(islice(pending, _BATCH)):
            people = self._directory.many(n.identity for n in chunk)
            for novedad in chunk:
                yield _cells(novedad, people.get(novedad.identity))


def _cells(novedad: PendingNovedad, person) -> list[str]:
    at = novedad.at.astimezone(BOGOTA)
    return [novedad.novedad_id, f"{at:%d/%m/%Y %H:%M}", novedad.channel, person.doc_type if person else "",
            person.doc_number if person else "", person.full_name if person else "",
            *(getattr(novedad.contact, name) or "" for name in CONTACT_FIELDS)]


def _write_csv(out: BinaryIO, rows: Iterable[list[str]]) -> int:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    text.write(BOM)
    writer = csv.writer(text, dialect=EXCEL_ES)
    writer.writerow(HEADER)
    count = 0
    for count, row in enumerate(rows, start=1):  # noqa: B007 (the count is the result)
        writer.writerow([neutralise(cell) for cell in row])
    text.detach()  # the caller keeps using `out`
    return count


def _write_xlsx(out: BinaryIO, rows: Iterable[list[str]]) -> int:
    return write_table(out, SHEET_NAME, [TableColumn(title, width=22) for title in HEADER], rows)
