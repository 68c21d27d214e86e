"""Outgoing email. Services depend on the Mailer port; SES is the adapter used in every stage."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol

# SES refuses raw messages over 10 MB; base64 makes an attachment 4/3 larger, and the text needs room.
MAX_ATTACHMENT_BYTES = 7 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content_type: str  # "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    data: bytes


@dataclass(frozen=True, slots=True)
class Email:
    to: str
    subject: str
    text: str
    attachments: tuple[Attachment, ...] = ()


class Mailer(Protocol):
    def send(self, email: Email) -> None: ...


class SesMailer:
    def __init__(self, ses_client, sender: str):
        self._ses = ses_client
        self._sender = sender

    def send(self, email: Email) -> None:
        if email.attachments:
            self._ses.send_raw_email(Source=self._sender, Destinations=[email.to],
                                     RawMessage={"Data": self._mime(email).as_bytes()})
            return
        self._ses.send_email(
            Source=self._sender,
            Destination={"ToAddresses": [email.to]},
            Message={
                "Subject": {"Data": email.subject, "Charset": "UTF-8"},
                "Body": {"Text": {"Data": email.text, "Charset": "UTF-8"}},
            },
        )

    def _mime(self, email: Email) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self._sender
        message["To"] = email.to
        message["Subject"] = email.subject
        message.set_content(email.text, charset="utf-8")
        for attachment in email.attachments:
            kind, _, subtype = attachment.content_type.partition("/")
            message.add_attachment(attachment.data, maintype=kind, subtype=subtype, filename=attachment.filename)
        return message
