"""What a load of `ops_afiliados` or `mipres` does besides storing its rows: the email of each authorisation it
brings AUTORIZADA, queued once (notices.py). The ingestion schemas call these; the emails wait in the outbox
until the scheduled `outbox_retry` hands them to SES (minutes), so a load needs no SES permission."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from chalicelib.affiliates.repository import AffiliateRepository
from chalicelib.authorizations.emails import AuthorizedService
from chalicelib.authorizations.notices import AuthorizationNotices, Notice
from chalicelib.authorizations.repository import AuthorizationRepository
from chalicelib.authorizations.types import OpsEstado, Origen
from chalicelib.common import clock
from chalicelib.config import get_settings
from chalicelib.notifications.mailer import Email
from chalicelib.notifications.outbox import Outbox
from chalicelib.notifications.repository import OutboxRepository

Row = Mapping[str, Any]


class _QueueOnly:
    """The outbox's sender in a load: only `Outbox.message` is used here, never `deliver`."""

    def send(self, email: Email) -> None:
        raise RuntimeError("a load only queues emails")


def notices() -> AuthorizationNotices:
    return AuthorizationNotices(AuthorizationRepository(), AffiliateRepository(),
                                Outbox(OutboxRepository(), _QueueOnly()).message, get_settings().portal_url,
                                clock.now)


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def ops_notice(row: Row) -> Notice:
    return Notice(row["identity"], row["origen"] == Origen.MIPRES, AuthorizedService(
        numero_autorizacion=row["numero_autorizacion"], vencimiento=_date(row["vencimiento"]), cups=row["cups"],
        descripcion=row["prestacion"], valor=row["valor_cuota"] or 0, plan=row["plan"],
        ips=row["proveedor_nombre"] or "", ips_direccion=row["proveedor_direccion"],
        ips_telefono=row["proveedor_telefonos"]))


def mipres_notice(row: Row) -> Notice:
    return Notice(row["identity"], True, AuthorizedService(
        numero_autorizacion=row["numero_autorizacion"], vencimiento=_date(row["vencimiento"]), cups=row["cups"] or "",
        descripcion=row["servicio"], valor=row["valor"] or 0, plan=row["plan"], ips=row["prestador"] or "",
        ips_direccion=row["prestador_direccion"], ips_telefono=row["prestador_telefono"]))


def load_ops(rows: Iterable[Row], notices_of=notices) -> int:
    rows = list(rows)
    written = AuthorizationRepository().put_ops(rows)
    notices_of().queue(ops_notice(r) for r in rows if r["estado"] == OpsEstado.AUTORIZADA)
    return written


def load_mipres(rows: Iterable[Row], notices_of=notices) -> int:
    rows = list(rows)
    written = AuthorizationRepository().put_mipres(rows)
    notices_of().queue(mipres_notice(r) for r in rows
                       if r["estado"] == OpsEstado.AUTORIZADA and r["numero_autorizacion"])
    return written
