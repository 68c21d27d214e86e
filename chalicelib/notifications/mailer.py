"""Outgoing email. Services depend on the Mailer port; SES is the adapter used in every stage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Email:
    to: str
    subject: str
    text: str


class Mailer(Protocol):
    def send(self, email: Email) -> None: ...


class SesMailer:
    def __init__(self, ses_client, sender: str):
        self._ses = ses_client
        self._sender = sender

    def send(self, email: Email) -> None:
        self._ses.send_email(
            Source=self._sender,
            Destination={"ToAddresses": [email.to]},
            Message={
                "Subject": {"Data": email.subject, "Charset": "UTF-8"},
                "Body": {"Text": {"Data": email.text, "Charset": "UTF-8"}},
            },
        )
