"""The embedded AWS of the local stack: moto's server in this process, Step Functions executing, DynamoDB
requests isolated as DynamoDB isolates them (`dynamodb_isolation`)."""

from __future__ import annotations

import email
import email.policy
import os
import socket
import threading

from moto.core import DEFAULT_ACCOUNT_ID
from moto.core.config import default_user_config
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import make_server

from devstack.dynamodb_isolation import IsolatedDynamoDB


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class EmbeddedAws:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.endpoint_url = f"http://127.0.0.1:{self.port}"
        # moto's ThreadedMotoServer, with the DynamoDB isolation layer in front of its application
        self._server = make_server("127.0.0.1", self.port, IsolatedDynamoDB(DomainDispatcherApplication(
            create_backend_app)), threaded=True, request_handler=MotoRequestHandler)
        self._thread = threading.Thread(target=self._server.serve_forever, name="embedded-aws", daemon=True)

    def start(self) -> EmbeddedAws:
        default_user_config.setdefault("stepfunctions", {})["execute_state_machine"] = True
        os.environ["MOTO_PORT"] = str(self.port)  # Step Functions tasks call Lambda through this server
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join()


def sent_emails(region: str) -> list[dict]:
    """Emails SES accepted, newest first (the local mailbox; moto keeps them in memory). Messages sent raw
    (with attachments) show their text part and the attachments' names and sizes."""
    from moto.ses.models import ses_backends

    return [_view(m) for m in reversed(ses_backends[DEFAULT_ACCOUNT_ID][region].sent_messages)]


def _view(message) -> dict:
    if not hasattr(message, "raw_data"):
        return {"id": message.id, "para": message.destinations.get("ToAddresses", []), "asunto": message.subject,
                "cuerpo": message.body}
    parsed = email.message_from_string(message.raw_data, policy=email.policy.default)
    text = parsed.get_body(preferencelist=("plain",))
    return {"id": message.id, "para": list(message.destinations), "asunto": str(parsed["Subject"]),
            "cuerpo": text.get_content() if text else "",
            "adjuntos": [{"nombre": part.get_filename(), "bytes": len(part.get_content())}
                         for part in parsed.iter_attachments()]}
