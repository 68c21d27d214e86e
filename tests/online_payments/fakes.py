"""In-memory stand-ins of what the payments consume from other packages: authorizations' OpsLedger and the office
copays, the payer's contacts, a mailer, and an HTTP transport that replays recorded Wompi exchanges."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from chalicelib.notifications.mailer import Email
from chalicelib.online_payments.transport import HttpAnswer
from chalicelib.online_payments.types import OfficeCopay, PayableOps

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def ops(ref: str, numero: str, valor: int = 6_358, **overrides) -> PayableOps:
    values = dict(numero_autorizacion=numero, affiliate_ref=ref, valor_cuota=valor,
                  concepto="Copagos o cuotas moderadoras", estado="AUTORIZADA", vencimiento=date(2026, 4, 30),
                  recaudo_en_linea=True)
    values.update(overrides)
    return PayableOps(**values)


class FakeOpsLedger:
    def __init__(self, *entries: PayableOps):
        self.entries = {(e.affiliate_ref, e.numero_autorizacion): e for e in entries}
        self.paid: list[tuple[str, str, str, datetime]] = []

    def payable(self, affiliate_ref: str, numero_autorizacion: str) -> PayableOps | None:
        return self.entries.get((affiliate_ref, numero_autorizacion))

    def mark_paid(self, affiliate_ref: str, numero_autorizacion: str, payment_id: str, at: datetime) -> None:
        self.paid.append((affiliate_ref, numero_autorizacion, payment_id, at))
        key = (affiliate_ref, numero_autorizacion)
        self.entries[key] = replace(self.entries[key], estado="ENTREGADA")


class FakeOfficeCopays:
    def __init__(self, *rows: OfficeCopay):
        self.rows = list(rows)

    def of(self, refs: Iterable[str]) -> list[OfficeCopay]:
        wanted = set(refs)
        return [row for row in self.rows if row.affiliate_ref in wanted]


class Contacts:
    def __init__(self, directory):
        self._directory = directory

    def email_of(self, identity: str) -> str | None:
        person = self._directory.find(identity)
        return person.contact.correo if person else None


class Mailbox:
    def __init__(self):
        self.sent: list[Email] = []

    def send(self, email: Email) -> None:
        self.sent.append(email)


class ReplayTransport:
    """Answers each GET with the recorded response of the exchange whose request it matches exactly."""

    def __init__(self, *names: str):
        self.exchanges = [fixture(name) for name in names]
        self.asked: list[tuple[str, dict]] = []

    def get_json(self, url: str, headers: dict[str, str]) -> HttpAnswer:
        self.asked.append((url, headers))
        for exchange in self.exchanges:
            request = exchange["request"]
            if request["url"] == url and all(headers.get(k) == v for k, v in request["headers"].items()):
                response = exchange["response"]
                return HttpAnswer(response["status"], response["body"], response["headers"])
        raise AssertionError(f"no recorded exchange for GET {url}")
