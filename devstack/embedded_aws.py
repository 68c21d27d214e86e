"""The embedded AWS of the local stack: moto's server in this process, Step Functions executing."""

from __future__ import annotations

import os
import socket

from moto.core import DEFAULT_ACCOUNT_ID
from moto.core.config import default_user_config
from moto.server import ThreadedMotoServer


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class EmbeddedAws:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.endpoint_url = f"http://127.0.0.1:{self.port}"
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)

    def start(self) -> EmbeddedAws:
        default_user_config.setdefault("stepfunctions", {})["execute_state_machine"] = True
        os.environ["MOTO_PORT"] = str(self.port)  # Step Functions tasks call Lambda through this server
        self._server.start()
        return self

    def stop(self) -> None:
        self._server.stop()


def sent_emails(region: str) -> list[dict]:
    """Emails SES accepted, newest first (the local mailbox; moto keeps them in memory)."""
    from moto.ses.models import ses_backends

    messages = ses_backends[DEFAULT_ACCOUNT_ID][region].sent_messages
    return [
        {"id": m.id, "para": m.destinations.get("ToAddresses", []), "asunto": m.subject, "cuerpo": m.body}
        for m in reversed(messages)
    ]
